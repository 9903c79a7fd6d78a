"""The LLM gateway. ``client`` is the only module that imports ``openai``; everything else
calls ``gateway.llm_call`` / ``gateway.llm_configured``."""
