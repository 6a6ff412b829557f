export { createSyntheticScenes, type CreateSyntheticScenesOptions, type SceneObject, type SyntheticScene, type SyntheticScenesResult, type SyntheticSplit } from './create-synthetic-scenes.js';
export { SCENE_COLORS, SCENE_COLOR_NAMES, SCENE_SHAPES, type SceneColor, type SceneGroup, type SceneShape } from './scene-layout.js';
export { SyntheticScenesError } from './synthetic-scenes-error.js';
export { encodePng, type RgbImage } from './png-encoder.js';
