"""An optional language model that rewrites the engine's draft into a fluent Chinese answer.

Used only when ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL are set (an OpenAI-compatible
endpoint, reached through llama-index's OpenAILike); unset, `from_settings` returns None and
nothing touches the network. The model never has the last word on a number: the engine runs
the numeric verifier on whatever it writes, which puts back the figure the filing states for
a slip it can attribute (subject, year, role) and marks anything else "（未核实）".
"""

from __future__ import annotations

import re

from assistant.settings import Settings

SYSTEM_PROMPT = (
    "你是政府部门预算、决算公开文件的问答助手。只能依据用户给出的编号资料作答，"
    "把草稿改写成通顺、简洁的中文回答。规则：\n"
    "1. 数字必须照抄资料或草稿中的写法和单位，不得换算单位、不得四舍五入、不得自行计算新数字；\n"
    "2. 每个数字所在句子保留草稿中的引用标记，如 [1]、[2]；\n"
    "3. 资料中没有的内容不要写；资料之间不一致时，如实列出各处数字及其来源；\n"
    "4. 只输出回答正文，不要解释规则。"
)
_CITE = re.compile(r"\[\d+\]")


def build_prompt(question: str, sources: list[tuple[int, str]], draft: str) -> str:
    lines = [f"问题：{question}", "", "资料："]
    lines += [f"[{n}] {quote}" for n, quote in sources]
    lines += ["", f"草稿：{draft}", "", "请按规则改写草稿，作为最终回答。"]
    return "\n".join(lines)


class LLMWriter:
    """Holds the model client: the one piece of state of the optional model path."""

    def __init__(self, llm):
        self.llm = llm

    @classmethod
    def from_settings(cls, settings: Settings) -> "LLMWriter | None":
        """A writer for the configured endpoint, or None when no model is configured."""
        if not (settings.llm_base_url and settings.llm_model):
            return None
        from llama_index.llms.openai_like import OpenAILike

        llm = OpenAILike(
            model=settings.llm_model,
            api_base=settings.llm_base_url,
            api_key=settings.llm_api_key or "not-needed",
            is_chat_model=True,
            temperature=0.0,
            timeout=settings.llm_timeout,
            max_retries=0,  # a slow or absent model must not stall an answer; the draft stands
            context_window=8192,
        )
        return cls(llm)

    def write(self, question: str, sources: list[tuple[int, str]], draft: str) -> str:
        """The model's answer from numbered sources, keeping [n] marks; the draft when the model's
        reply is empty or drops every citation mark the draft had."""
        from llama_index.core.llms import ChatMessage

        reply = self.llm.chat([
            ChatMessage(role="system", content=SYSTEM_PROMPT),
            ChatMessage(role="user", content=build_prompt(question, sources, draft)),
        ])
        text = (reply.message.content or "").strip()
        if not text or (_CITE.search(draft) and not _CITE.search(text)):
            return draft
        return text
