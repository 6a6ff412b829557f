export { createFileCache, type FileCache, type FileCacheOptions } from './file-cache.js';
