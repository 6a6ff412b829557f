import type { SceneGroup } from './scene-layout.js';

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "a red circle", "an orange square", "three blue triangles". */
export function groupPhrase(group: SceneGroup): string {
  if (group.count === 1) return `${/^[aeiou]/.test(group.color) ? 'an' : 'a'} ${group.color} ${group.shape}`;
  return `${NUMBER_WORDS[group.count] ?? String(group.count)} ${group.color} ${group.shape}s`;
}

/** "two red circles and a blue square": the groups in the given order. */
export function sceneCaption(groups: readonly SceneGroup[]): string {
  const phrases = groups.map(groupPhrase);
  if (phrases.length <= 2) return phrases.join(' and ');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}
