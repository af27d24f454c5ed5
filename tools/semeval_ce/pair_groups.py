"""Write OUT/pair_groups.json: thread id and label of every cross-encoder row (TRAIN, DEV), so
that stack.py can check the rows line up with the engine's feature rows."""

import json

from common import OUT, dev_pairs, train_pairs

if __name__ == "__main__":
    tr, dv = train_pairs(), dev_pairs()
    (OUT / "pair_groups.json").write_text(
        json.dumps(
            {
                "train": [p.group for p in tr],
                "dev": [p.group for p in dv],
                "train_labels": [p.label for p in tr],
                "dev_labels": [p.label for p in dv],
            }
        )
    )
