"""Evaluation of the assistant: a hand-written gold question set (eval/gold/), a scorer
(eval/score.py), a runner (`python -m eval`) and benchmarks (`python -m eval.bench`).
Reports land in eval/reports/."""
