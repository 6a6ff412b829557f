#!/usr/bin/env node
/**
 * The DuckDB reference for `bench/generate.mjs`, as its own process so its memory is measured like vift's:
 * reads the same official files (COCO captions and instances, VQAv2 questions and annotations, Visual
 * Genome image data, regions and question answers), joins everything to COCO images and writes one
 * Parquet row per image with its lists of captions, objects, questions and regions. That is the data
 * movement of a build without the templates and dialogs, so it is a floor for what SQL alone costs.
 *
 *   node bench/lib/duckdb-group-by-image.mjs SOURCES_FOLDER OUTPUT.parquet
 * Prints {"rows": N, "version": "v1.x"}.
 */
import duckdb, { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

const [folder, output] = process.argv.slice(2);
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
// The COCO and VQA files are one JSON object each: DuckDB reads such a file as one record.
const whole = (file) => `read_json(${quote(join(folder, file))}, format = 'auto', maximum_object_size = ${2 ** 31 - 1})`;
const array = (file) => `read_json(${quote(join(folder, file))}, format = 'array', maximum_object_size = ${64 * 2 ** 20})`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const query = `
COPY (
  WITH
    captions AS (SELECT a.image_id, a.caption FROM (SELECT unnest(annotations) AS a FROM ${whole('coco/annotations/captions_train2017.json')})),
    images AS (SELECT i.id, i.file_name, i.width, i.height FROM (SELECT unnest(images) AS i FROM ${whole('coco/annotations/captions_train2017.json')})),
    objects AS (SELECT o.image_id, c.name, o.bbox FROM (SELECT unnest(annotations) AS o FROM ${whole('coco/annotations/instances_train2017.json')}) JOIN (SELECT unnest(categories) AS c FROM ${whole('coco/annotations/instances_train2017.json')}) ON o.category_id = c.id),
    questions AS (SELECT q.question_id, q.image_id, q.question FROM (SELECT unnest(questions) AS q FROM ${whole('vqa/v2_OpenEnded_mscoco_train2014_questions.json')})),
    answers AS (SELECT a.question_id, a.multiple_choice_answer AS answer FROM (SELECT unnest(annotations) AS a FROM ${whole('vqa/v2_mscoco_train2014_annotations.json')})),
    vg AS (SELECT image_id AS vg_id, coco_id FROM ${array('vg/image_data.json')} WHERE coco_id IS NOT NULL),
    regions AS (SELECT vg.coco_id AS image_id, r.phrase, r.x, r.y, r.width, r.height FROM (SELECT unnest(regions) AS r FROM ${array('vg/region_descriptions.json')}) JOIN vg ON r.image_id = vg.vg_id),
    vgqa AS (SELECT vg.coco_id AS image_id, q.question, q.answer FROM (SELECT unnest(qas) AS q FROM ${array('vg/question_answers.json')}) JOIN vg ON q.image_id = vg.vg_id)
  SELECT images.*,
    (SELECT list(caption) FROM captions WHERE captions.image_id = images.id) AS captions,
    (SELECT list({name: name, bbox: bbox}) FROM objects WHERE objects.image_id = images.id) AS objects,
    (SELECT list({question: question, answer: answer}) FROM questions JOIN answers USING (question_id) WHERE questions.image_id = images.id) AS vqa,
    (SELECT list({phrase: phrase, box: [x, y, width, height]}) FROM regions WHERE regions.image_id = images.id) AS regions,
    (SELECT list({question: question, answer: answer}) FROM vgqa WHERE vgqa.image_id = images.id) AS vg_qa
  FROM images ORDER BY images.id
) TO ${quote(output)} (FORMAT parquet, COMPRESSION zstd)`;
const result = await connection.run(query);
process.stdout.write(`${JSON.stringify({ rows: result.rowsChanged, version: duckdb.version() })}\n`);
connection.closeSync();
instance.closeSync();
