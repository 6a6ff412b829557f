export { startViewer, type RunningViewer, type StartViewerOptions } from './start-viewer.js';
export { ViewerError } from './viewer-error.js';
export { boxesInText, boxesOfTurns, type Box, type TextBox, type TurnBox } from './shared/boxes.js';
export type { DatasetInfo, FacetCount, ImageView, IndexProgress, SamplePage, SampleQuery, SampleSummary, SampleView, StatisticsView } from './shared/api-types.js';
