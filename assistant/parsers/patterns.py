"""Line patterns every reader of a filing's text shares (parsers and chunking alike)."""

from __future__ import annotations

import re

# A contents line: "一、部门主要职能 ………………"
TOC_DOTS = re.compile(r"[…\.·]{4,}")
# A page-number line: "12", "- 12 -", "第12页"
PAGE_NO = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页")
