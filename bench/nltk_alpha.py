"""The peer of `npx primum agreement` in bench/agreement-cli.ts: ONE Krippendorff alpha by NLTK.

Reads a Primum release's ratings.csv (case_id, option_id, rater_id, simulated, score, rated_at) with
the csv module, makes one (coder, item, label) triple per rating (item = case_id#option_id, as option
ids are per case; an empty score is a missing rating and is left out), and computes alpha with
nltk.metrics.agreement.AnnotationTask and NLTK's interval distance (squared difference). NLTK ships
no ordinal distance, so the interval alpha is the like-for-like figure: the bench checks it against
the CLI's alpha.interval. Prints one JSON line. Run: python3 bench/nltk_alpha.py ratings.csv
"""
import csv
import json
import sys

from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import interval_distance


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.DictReader(f)
        triples = [(r["rater_id"], r["case_id"] + "#" + r["option_id"], int(r["score"])) for r in rows if r["score"] != ""]
    task = AnnotationTask(data=triples, distance=interval_distance)
    alpha = task.alpha()
    print(json.dumps({"alpha_interval": alpha, "items": len(task.I), "raters": len(task.C), "ratings": len(triples)}))


if __name__ == "__main__":
    main(sys.argv[1])
