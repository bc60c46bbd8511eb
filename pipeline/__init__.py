"""policy-pipeline: Chinese policy documents into traceable tables."""

__version__ = "0.1.0"
