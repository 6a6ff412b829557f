"""CIDEr-D of pycocoevalcap's Cider scorer on the examples written by bench/metrics.mjs.

Usage: python3 pycocoevalcap-cider.py INPUT.json RUNS
INPUT.json holds {"examples": [{"id", "candidate", "references"}]} with token strings. pycocoevalcap is
imported from the folder named by PYCOCOEVALCAP_PATH (the folder that contains the pycocoevalcap package),
else from the installed packages. Prints one JSON object: the median time of compute_score over RUNS runs,
the corpus score and the per-image scores, or {"skipped": reason} when pycocoevalcap cannot be imported.
"""
import json
import os
import sys
import time

root = os.environ.get('PYCOCOEVALCAP_PATH')
if root:
    sys.path.insert(0, root)
try:
    from pycocoevalcap.cider.cider import Cider
except ImportError as error:
    where = f'from PYCOCOEVALCAP_PATH={root}' if root else '(PYCOCOEVALCAP_PATH is not set and it is not installed)'
    print(json.dumps({'skipped': f'cannot import pycocoevalcap {where}: {error}'}))
    sys.exit(0)

with open(sys.argv[1], encoding='utf-8') as file:
    examples = json.load(file)['examples']
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
# The scorer iterates the references' keys: insertion order is the examples' order.
gts = {example['id']: example['references'] for example in examples}
res = {example['id']: [example['candidate']] for example in examples}
times = []
for _ in range(runs):
    start = time.perf_counter()
    score, scores = Cider().compute_score(gts, res)
    times.append(time.perf_counter() - start)
print(json.dumps({'seconds': sorted(times)[(len(times) - 1) // 2], 'times': times, 'score': float(score), 'scores': [float(value) for value in scores]}))
