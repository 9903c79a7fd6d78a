from .calls import AICallLog, AnalysisSample
from .flags import AIOutputFlag
from .messages import CoachingMessage, CoachingPreference
from .policies import PolicyActivation, PolicyActive, PolicyOverride, PolicyVersion
from .prompts import ExperimentAssignment, PromptExperiment, PromptTemplate
from .services import AIService, ChatConversation, ChatMessage, ServiceResult

__all__ = [
    "AICallLog",
    "AIOutputFlag",
    "AIService",
    "AnalysisSample",
    "ChatConversation",
    "ChatMessage",
    "CoachingMessage",
    "CoachingPreference",
    "ExperimentAssignment",
    "PolicyActivation",
    "PolicyActive",
    "PolicyOverride",
    "PolicyVersion",
    "PromptExperiment",
    "PromptTemplate",
    "ServiceResult",
]
