/**
 * Word lists and fixed tables for the synthetic COCO kit. The 80 categories are COCO's real ids, names and
 * supercategories; their weights are approximate train2017 instance counts, so "person" is about 30% of all
 * instances as in the real set. The rest are plain English lists that the sentence builders combine.
 */

/** [id, name, supercategory, approximate train2017 instance count] */
export const categories = [
  [1, 'person', 'person', 262465], [2, 'bicycle', 'vehicle', 7113], [3, 'car', 'vehicle', 43867], [4, 'motorcycle', 'vehicle', 8725],
  [5, 'airplane', 'vehicle', 5135], [6, 'bus', 'vehicle', 6069], [7, 'train', 'vehicle', 4571], [8, 'truck', 'vehicle', 9973],
  [9, 'boat', 'vehicle', 10759], [10, 'traffic light', 'outdoor', 12884], [11, 'fire hydrant', 'outdoor', 1865], [13, 'stop sign', 'outdoor', 1983],
  [14, 'parking meter', 'outdoor', 1285], [15, 'bench', 'outdoor', 9838], [16, 'bird', 'animal', 10806], [17, 'cat', 'animal', 4768],
  [18, 'dog', 'animal', 5508], [19, 'horse', 'animal', 6587], [20, 'sheep', 'animal', 9509], [21, 'cow', 'animal', 8147],
  [22, 'elephant', 'animal', 5513], [23, 'bear', 'animal', 1294], [24, 'zebra', 'animal', 5303], [25, 'giraffe', 'animal', 5131],
  [27, 'backpack', 'accessory', 8720], [28, 'umbrella', 'accessory', 11431], [31, 'handbag', 'accessory', 12354], [32, 'tie', 'accessory', 6496],
  [33, 'suitcase', 'accessory', 6192], [34, 'frisbee', 'sports', 2682], [35, 'skis', 'sports', 6646], [36, 'snowboard', 'sports', 2685],
  [37, 'sports ball', 'sports', 6347], [38, 'kite', 'sports', 9076], [39, 'baseball bat', 'sports', 3276], [40, 'baseball glove', 'sports', 3747],
  [41, 'skateboard', 'sports', 5543], [42, 'surfboard', 'sports', 6126], [43, 'tennis racket', 'sports', 4812], [44, 'bottle', 'kitchen', 24342],
  [46, 'wine glass', 'kitchen', 7913], [47, 'cup', 'kitchen', 20650], [48, 'fork', 'kitchen', 5479], [49, 'knife', 'kitchen', 7770],
  [50, 'spoon', 'kitchen', 6165], [51, 'bowl', 'kitchen', 14358], [52, 'banana', 'food', 9458], [53, 'apple', 'food', 5851],
  [54, 'sandwich', 'food', 4373], [55, 'orange', 'food', 6399], [56, 'broccoli', 'food', 7308], [57, 'carrot', 'food', 7852],
  [58, 'hot dog', 'food', 2918], [59, 'pizza', 'food', 5821], [60, 'donut', 'food', 7179], [61, 'cake', 'food', 6353],
  [62, 'chair', 'furniture', 38491], [63, 'couch', 'furniture', 5779], [64, 'potted plant', 'furniture', 8652], [65, 'bed', 'furniture', 4192],
  [67, 'dining table', 'furniture', 15714], [70, 'toilet', 'furniture', 4157], [72, 'tv', 'electronic', 5805], [73, 'laptop', 'electronic', 4970],
  [74, 'mouse', 'electronic', 2262], [75, 'remote', 'electronic', 5703], [76, 'keyboard', 'electronic', 2855], [77, 'cell phone', 'electronic', 6434],
  [78, 'microwave', 'appliance', 1673], [79, 'oven', 'appliance', 3334], [80, 'toaster', 'appliance', 225], [81, 'sink', 'appliance', 5610],
  [82, 'refrigerator', 'appliance', 2637], [84, 'book', 'indoor', 24715], [85, 'clock', 'indoor', 6334], [86, 'vase', 'indoor', 6613],
  [87, 'scissors', 'indoor', 1481], [88, 'teddy bear', 'indoor', 4793], [89, 'hair drier', 'indoor', 198], [90, 'toothbrush', 'indoor', 1954],
];

/** How a category is said in a sentence, where the category name is not what people write. */
const spokenNames = { tv: 'television', 'sports ball': 'ball', 'dining table': 'table', 'hair drier': 'hair dryer', 'potted plant': 'plant', person: 'person' };
export const spokenName = (name) => spokenNames[name] ?? name;

const irregularPlurals = {
  person: 'people', man: 'men', woman: 'women', child: 'children', mouse: 'mice', sheep: 'sheep', skis: 'skis', knife: 'knives',
  scissors: 'scissors', shelf: 'shelves', leaf: 'leaves', 'hair dryer': 'hair dryers', glasses: 'glasses', fish: 'fish', deer: 'deer',
};

export function plural(noun) {
  const irregular = irregularPlurals[noun];
  if (irregular !== undefined) return irregular;
  const space = noun.lastIndexOf(' ');
  if (space > 0) return `${noun.slice(0, space + 1)}${plural(noun.slice(space + 1))}`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

export const article = (word) => (/^[aeiou]/.test(word) && !/^(uni|use|one)/.test(word) ? 'an' : 'a');

export const colours = [
  'white', 'black', 'red', 'blue', 'green', 'yellow', 'brown', 'gray', 'grey', 'orange', 'pink', 'purple', 'silver', 'tan',
  'beige', 'gold', 'dark', 'light blue', 'navy', 'maroon', 'multicolored', 'black and white', 'red and white', 'blue and white',
];

export const sizes = ['large', 'small', 'big', 'little', 'tiny', 'huge', 'tall', 'short', 'long', 'giant'];

export const adjectives = [
  'old', 'young', 'new', 'wooden', 'metal', 'plastic', 'empty', 'full', 'clean', 'dirty', 'busy', 'crowded', 'quiet', 'open',
  'closed', 'parked', 'modern', 'vintage', 'colorful', 'bright', 'shiny', 'broken', 'stuffed', 'fresh', 'sliced', 'half eaten',
  'cute', 'happy', 'smiling', 'fluffy', 'wet', 'sunny', 'cloudy', 'snowy', 'grassy', 'sandy', 'rocky', 'narrow', 'wide', 'antique',
];

export const people = [
  'man', 'woman', 'boy', 'girl', 'child', 'person', 'guy', 'lady', 'kid', 'player', 'tennis player', 'baseball player', 'skier',
  'surfer', 'skateboarder', 'snowboarder', 'chef', 'police officer', 'couple', 'family', 'crowd', 'group of people', 'man and woman',
  'little girl', 'young boy', 'young man', 'older woman', 'batter', 'catcher', 'pitcher',
];

export const things = [
  'table', 'street', 'plate', 'tree', 'building', 'field', 'grass', 'water', 'road', 'wall', 'window', 'shirt', 'hat', 'sign', 'fence',
  'sky', 'cloud', 'desk', 'floor', 'door', 'counter', 'pole', 'sidewalk', 'beach', 'ocean', 'wave', 'snow', 'hill', 'mountain',
  'track', 'platform', 'room', 'kitchen', 'bathroom', 'shelf', 'box', 'bag', 'jacket', 'helmet', 'glasses', 'light', 'lamp', 'pillow',
  'blanket', 'curtain', 'mirror', 'picture', 'flower', 'leaf', 'bush', 'rock', 'sand', 'dirt', 'tile', 'cabinet', 'basket', 'tray',
  'napkin', 'cheese', 'bread', 'tomato', 'onion', 'meat', 'fries', 'salad', 'drink', 'coffee', 'river', 'bridge', 'tower', 'truck bed',
  'net', 'court', 'bat', 'uniform', 'cap', 'shorts', 'jeans', 'dress', 'coat', 'boots', 'wheel', 'seat', 'engine', 'roof', 'lane',
];

/** Verbs followed by an object ("riding a horse"). */
export const transitiveActions = [
  'riding', 'holding', 'eating', 'looking at', 'playing with', 'laying on', 'carrying', 'watching', 'throwing', 'catching',
  'swinging', 'posing with', 'talking on', 'crossing', 'cutting', 'preparing', 'using', 'pulling', 'leaning against', 'drinking from',
  'sitting on', 'standing next to', 'walking past', 'petting', 'feeding',
];

/** Verbs followed by a place ("standing in a field"). */
export const intransitiveActions = [
  'standing', 'sitting', 'walking', 'running', 'waiting', 'resting', 'grazing', 'parked', 'flying', 'posing', 'playing', 'sleeping',
  'laying down', 'driving', 'skiing', 'surfing', 'smiling', 'hanging out', 'traveling', 'displayed',
];

export const prepositions = [
  'on', 'in', 'next to', 'near', 'on top of', 'in front of', 'behind', 'under', 'beside', 'by', 'inside', 'over', 'across',
  'along', 'at', 'with', 'filled with', 'covered in', 'sitting on', 'on the side of',
];

export const places = [
  'on a street', 'in a kitchen', 'in a field', 'on the beach', 'in a living room', 'at the park', 'near a building', 'on a table',
  'in the snow', 'by the water', 'at a train station', 'on a city street', 'in a grassy field', 'down a road', 'in a parking lot',
  'on a tennis court', 'on a baseball field', 'in the ocean', 'on a plate', 'in a bathroom', 'in a bedroom', 'at an airport',
  'on a runway', 'in a zoo', 'on a dirt road', 'in the air', 'on the sidewalk', 'in a restaurant', 'on a skate ramp', 'on a hill',
  'in a pen', 'near the water', 'at a market', 'on the counter', 'in an office', 'on a desk', 'in the rain', 'at night',
  'under a tree', 'on the grass', 'in a classroom', 'on the tracks', 'at the beach', 'in the sky',
];

export const rooms = ['kitchen', 'bathroom', 'living room', 'bedroom', 'dining room', 'office', 'hallway', 'restaurant', 'classroom'];
export const sports = ['tennis', 'baseball', 'skiing', 'surfing', 'skateboarding', 'frisbee', 'soccer', 'snowboarding', 'kite flying'];
export const brands = ['nike', 'apple', 'dell', 'honda', 'adidas', 'samsung', 'sony', 'coca cola', 'yamaha', 'wilson', 'toyota'];
export const times = ['noon', 'night', 'daytime', 'morning', 'afternoon', 'evening', '2:00', '10:10', '12:00', 'dusk'];
export const weather = ['sunny', 'cloudy', 'clear', 'rainy', 'overcast', 'foggy', 'snowy', 'windy'];
export const materials = ['wood', 'metal', 'plastic', 'glass', 'brick', 'stone', 'concrete', 'ceramic', 'leather', 'cloth'];
export const reasons = ['safety', 'to eat', 'raining', 'it is hot', 'balance', 'to play', 'sunny', 'to stay warm', 'waiting', 'fun'];
export const whoAnswers = ['man', 'woman', 'boy', 'girl', 'nobody', 'player', 'people', 'child', 'chef', 'police'];
export const numberWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/**
 * VQA question types (the official mscoco list's prefixes) grouped by the answer type their questions
 * mostly get, with rough frequencies: how many, what color is the and is the are the commonest.
 */
export const vqaQuestionTypes = {
  'yes/no': {
    'is the': 14, 'is this': 11, 'is this a': 8, 'is there a': 6, 'is it': 5, 'are the': 5, 'are these': 3, 'are there': 3, 'does the': 3,
    'is the man': 3, 'is the woman': 2, 'do': 2, 'is he': 2, 'are they': 2, 'is there': 2, 'does this': 2, 'is': 2, 'are': 2,
    'can you': 1, 'could': 1, 'was': 1, 'has': 1, 'is that a': 1, 'is this person': 1, 'is the person': 1, 'do you': 1, 'are there any': 1, 'is this an': 1,
  },
  number: { 'how many': 20, 'how many people are': 3, 'how many people are in': 1, 'what number is': 1 },
  other: {
    'what': 14, 'what color is the': 12, 'what is the': 9, 'what is': 6, 'what kind of': 5, 'what type of': 4, 'what are the': 3,
    'where is the': 3, 'which': 2, 'what color are the': 2, 'what is the man': 2, 'what is on the': 2, 'what does the': 1,
    'what is in the': 1, 'what is this': 1, 'what are': 1, 'what time': 1, 'what sport is': 1, 'why': 1, 'where are the': 1,
    'what color': 1, 'who is': 1, 'what animal is': 1, 'what room is': 1, 'what is the color of the': 1, 'what is the person': 1,
    'what is the name': 1, 'what brand': 1, 'how': 2, 'why is the': 1, 'what color is': 1, 'what is the woman': 1, 'none of the above': 2,
  },
};

/**
 * The forms non-ASCII text takes in the real files: accented loan words, typographic quotes, emoji.
 * Sprinkled into a small share of the texts.
 */
export const accentedPlaces = ['in a café', 'at a crêperie', 'near a piñata', 'in São Paulo', 'in Zürich', 'by the façade', 'at the résumé desk'];
export const accentedFoods = ['crème brûlée', 'jalapeño', 'entrée', 'purée', 'soufflé', 'açaí bowl', 'café au lait'];
export const emoji = ['🙂', '😀', '🐶', '🍕', '👍', '❤️', '🚲', '📷'];
export const signWords = ['STOP', 'ONE WAY', 'Open', 'SALE', 'No Parking', 'EXIT', 'Welcome', 'Main St'];
