"""The base of each app's one user-facing exception (SessionsError,
MentorshipError, ...): a rule refused an action and `message` says why, in
words the pages and the API show as they are."""


class RuleError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
