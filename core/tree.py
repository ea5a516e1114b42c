"""Page-tree arithmetic for data migrations, which cannot call treebeard's
model methods on historical models."""

# treebeard's MP_Node alphabet and step length (wagtail.models.Page).
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def next_child_path(parent_path: str, last_child_path: str | None) -> str:
    """The materialised path of a new last child, as MP_Node.add_child makes."""
    if last_child_path is None:
        return parent_path + "0001"
    # Increment the last step in base 36.
    value = int(last_child_path[-STEPLEN:], 36) + 1
    step = ""
    while value:
        value, digit = divmod(value, 36)
        step = ALPHABET[digit] + step
    return parent_path + step.rjust(STEPLEN, "0")
