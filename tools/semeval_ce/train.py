"""Fine-tune the MiniLM-L6 cross-encoder on SemEval TRAIN (subtask A), score held-out rows + DEV.

    nice -n 19 /work/venv-train/bin/python tools/semeval_ce/train.py --folds 2 --fold 0
    nice -n 19 /work/venv-train/bin/python tools/semeval_ce/train.py --full   # all of TRAIN

Pointwise BCE on question+comment -> Good, AdamW, linear warm-up/decay, length-bucketed
batches, fixed seeds, 2 threads. Writes OUT/<tag>.npz (scores of the held-out TRAIN rows and of
DEV after each epoch) and OUT/<tag>.safetensors (final weights). TEST is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import time

import numpy as np
import torch
from bert import export_state, load_pretrained, lr_lambda
from common import OUT, SEED, dev_pairs, encode_pairs, fold_ids, model_dir, quick_map, train_pairs
from torch.nn import functional as F


def batches(lengths: list[int], rows: np.ndarray, size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled, then sorted by length inside chunks of 50 batches (little padding)."""
    order = list(rows)
    rng.shuffle(order)
    out = []
    chunk = size * 50
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        out += [part[i : i + size] for i in range(0, len(part), size)]
    rng.shuffle(out)
    return out


def tensors(ids: list[list[int]], types: list[list[int]], rows: list[int]):  # type: ignore[no-untyped-def]
    width = max(len(ids[i]) for i in rows)
    t_ids = torch.zeros((len(rows), width), dtype=torch.long)
    t_types = torch.zeros_like(t_ids)
    mask = torch.zeros_like(t_ids)
    for r, i in enumerate(rows):
        n = len(ids[i])
        t_ids[r, :n] = torch.tensor(ids[i])
        t_types[r, :n] = torch.tensor(types[i])
        mask[r, :n] = 1
    return t_ids, t_types, mask


@torch.no_grad()
def predict(model, ids, types, rows: np.ndarray, size: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
    model.eval()
    out = np.zeros(len(rows), dtype=np.float32)
    order = sorted(range(len(rows)), key=lambda j: len(ids[rows[j]]))
    for start in range(0, len(order), size):
        js = order[start : start + size]
        logits = model(*tensors(ids, types, [int(rows[j]) for j in js]))
        out[js] = logits.numpy()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--full", action="store_true", help="train on all of TRAIN")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--comment-budget", type=int, default=160)
    ap.add_argument("--limit", type=int, default=0, help="timing: train on this many pairs only")
    ap.add_argument("--no-eval", action="store_true")
    ap.add_argument("--tag", default="")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    train, dev = train_pairs(), dev_pairs()
    ids, types = encode_pairs(train, args.max_len, args.comment_budget)
    dev_ids, dev_types = encode_pairs(dev, args.max_len, args.comment_budget)
    lengths = [len(x) for x in ids]
    folds = fold_ids([p.group for p in train], args.folds)
    if args.full:
        fit_rows, held = np.arange(len(train)), np.array([], dtype=int)
    else:
        fit_rows, held = np.flatnonzero(folds != args.fold), np.flatnonzero(folds == args.fold)
    if args.limit:
        fit_rows = np.array(sorted(rng.sample(list(fit_rows), args.limit)))
    tag = args.tag or ("full" if args.full else f"k{args.folds}f{args.fold}")
    labels = torch.tensor([float(p.label) for p in train])

    model = load_pretrained(model_dir() / "model.safetensors")
    steps_per_epoch = (len(fit_rows) + args.batch - 1) // args.batch
    total = steps_per_epoch * args.epochs
    no_decay = [n for n, _ in model.named_parameters() if "norm" in n or n.endswith("bias")]
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if n not in no_decay],
            "weight_decay": 0.01,
        },
        {"params": [p for n, p in model.named_parameters() if n in no_decay], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(total))
    log = {"args": vars(args), "fit_rows": len(fit_rows), "held": len(held), "epochs": []}
    result: dict[str, np.ndarray] = {"held_rows": held}
    print(f"[{tag}] fit {len(fit_rows)} pairs, held {len(held)}, {total} steps", flush=True)
    for epoch in range(args.epochs):
        model.train()
        t0, seen, loss_sum = time.time(), 0, 0.0
        for step, rows in enumerate(batches(lengths, fit_rows, args.batch, rng)):
            logits = model(*tensors(ids, types, rows))
            loss = F.binary_cross_entropy_with_logits(logits, labels[rows])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            seen += len(rows)
            loss_sum += float(loss.detach()) * len(rows)
            if step % 50 == 0:
                rate = seen / (time.time() - t0)
                print(
                    f"[{tag}] e{epoch} step {step}/{steps_per_epoch} loss {loss_sum / seen:.4f} "
                    f"{rate:.1f} pairs/s",
                    flush=True,
                )
        train_s = time.time() - t0
        entry = {
            "epoch": epoch + 1,
            "train_seconds": round(train_s, 1),
            "pairs_per_s": round(seen / train_s, 2),
            "loss": round(loss_sum / seen, 4),
        }
        if not args.no_eval:
            t1 = time.time()
            dev_scores = predict(model, dev_ids, dev_types, np.arange(len(dev)))
            entry["dev_infer_pairs_per_s"] = round(len(dev) / (time.time() - t1), 1)
            result[f"dev_e{epoch + 1}"] = dev_scores
            entry["dev"] = quick_map(dev, dev_scores)
            if len(held):
                held_scores = predict(model, ids, types, held)
                result[f"held_e{epoch + 1}"] = held_scores
                entry["held"] = quick_map([train[i] for i in held], held_scores)
        log["epochs"].append(entry)
        print(f"[{tag}] {json.dumps(entry)}", flush=True)
        np.savez(OUT / f"{tag}.npz", **result)
        (OUT / f"{tag}.json").write_text(json.dumps(log, indent=1))
    if not args.limit:
        from safetensors.torch import save_file

        save_file(export_state(model), str(OUT / f"{tag}.safetensors"))


if __name__ == "__main__":
    main()
