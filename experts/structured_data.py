"""schema.org data for an expert page: a Person, and their rating (session
reviews and mentees' reviews, experts.selectors.get_expert_rating) where
there are reviews.

schema.org's Person has no `aggregateRating` property (only organisations,
products, events, creative works and the like do), so validators reject one
nested in a Person. The rating is its own AggregateRating instead, whose
`itemReviewed` is the Person by `@id`: the same facts, valid markup.
"""

from urllib.parse import urljoin

BEST_RATING = 5


def _absolute(page, request, path: str) -> str:
    # The site's root URL, as page.get_full_url uses, so every URL in the
    # data agrees whatever host the request came in on.
    site = page.get_site()
    if site is not None:
        return urljoin(site.root_url, path)
    return request.build_absolute_uri(path) if request is not None else path


def page_url(page, request=None) -> str:
    return page.get_full_url(request) or _absolute(page, request, page.url or "")


def person_id(page, request=None) -> str:
    return f"{page_url(page, request)}#person"


def person_data(page, request=None, *, skills, languages, photo=None) -> dict:
    """`skills` and `languages` are the lists the page already loaded;
    `photo` is its core.images.EXPERT_PAGE_PHOTO rendition, if it has a photo."""
    url = page_url(page, request)
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": f"{url}#person",
        "name": page.title,
        "url": url,
        "jobTitle": page.headline,
        "description": page.search_description or page.headline,
    }
    if photo is not None:
        data["image"] = _absolute(page, request, photo.url)
    if skills:
        data["knowsAbout"] = [skill.name for skill in skills]
    if languages:
        data["knowsLanguage"] = [
            {
                "@type": "Language",
                "name": language.get_language_display(),
                "alternateName": language.language,
            }
            for language in languages
        ]
    same_as = [
        link for link in (page.linkedin_url, page.github_url, page.website_url) if link
    ]
    if same_as:
        data["sameAs"] = same_as
    return data


def rating_data(page, request=None, *, rating: dict) -> dict | None:
    """AggregateRating of the expert's reviews; None without any (an
    empty rating would claim a score nobody gave)."""
    if not rating.get("count"):
        return None
    return {
        "@context": "https://schema.org",
        "@type": "AggregateRating",
        "itemReviewed": {
            "@type": "Person",
            "@id": person_id(page, request),
            "name": page.title,
            "url": page_url(page, request),
        },
        "ratingValue": round(float(rating["average"]), 2),
        "reviewCount": rating["count"],
        "bestRating": BEST_RATING,
        "worstRating": 1,
    }
