"""schema.org Article / Course for content pages. Never the body: the
JSON-LD is in the HTML every visitor gets."""

from payments.access import Access


def content_data(page, request=None) -> dict:
    is_course = hasattr(page, "lessons")
    data = {
        "@context": "https://schema.org",
        "@type": "Course" if is_course else "Article",
        "name" if is_course else "headline": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "author": {"@type": "Person", "name": str(page.author)},
        "isAccessibleForFree": page.access == Access.FREE,
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if is_course:
        data["provider"] = {"@type": "Organization", "name": "MasteryHub"}
    if page.access != Access.FREE:
        # Google's markup for paywalled content: the gated part is marked
        # as such, so showing crawlers less than members is not cloaking.
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywall",
        }
    if page.access == Access.PURCHASE and page.price:
        data["offers"] = {
            "@type": "Offer",
            "price": str(page.price),
            "priceCurrency": page.currency,
            "url": page.get_full_url(request),
        }
    return data
