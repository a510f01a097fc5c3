"""How much two names share: the longest run of characters they have in common.

Department names, stored subjects and question words are short, so the plain scan is fast enough.
"""


def longest_common(a: str, b: str) -> str:
    """Longest run of characters `a` shares with `b` (the first of equal length)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best
