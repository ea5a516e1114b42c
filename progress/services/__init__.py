"""Writes for progress, by subject: assessments (attempts and scoring),
levels (the history), goals, evidence, sharing and feedback. Each function is
one transaction; every refusal is a ProgressError."""
