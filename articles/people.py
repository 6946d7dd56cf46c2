"""How the site names a person (an author, an editor in the history, a logged-in commenter): said
once here, used by code and, through the `display_name` filter, by templates."""


def display_name(user) -> str:
    """The person's full name, or their login name when they have not given one."""
    return user.get_full_name() or user.get_username()
