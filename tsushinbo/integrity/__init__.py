"""Integrity checks for anonymous posts (SPEC §5), shared by votes, comments and surveys.

The interface, in the order a view uses it:

    from tsushinbo.integrity.checks import check_anonymous_post, refusal_response
    from tsushinbo.integrity.voters import ensure_voter_cookie, voter_for

    voter = voter_for(request)                     # Voter: an account or an anonymous key
    if voter.is_anonymous:
        refusal = check_anonymous_post(
            request,
            scope="vote",                          # names the rate-limit counters
            rate=settings.VOTE_RATE_LIMIT,         # per network key, every target
            target=str(pledge.pk),                 # optional: also limit per network and target
            target_rate=settings.VOTE_PLEDGE_RATE_LIMIT,
            proof_of_work=settings.VOTE_POW,       # require a solved, single-use ALTCHA payload
        )
        if refusal is not None:
            return refusal_response(request, refusal)   # 429 + Retry-After, or 400; Japanese
    ... write through the app's action, keyed by voter.user or voter.key ...
    ensure_voter_cookie(response, voter)           # the first anonymous post sets the cookie

In the form template, {% include "integrity/_anonymous_fields.html" %} adds the
honeypot and, when the context has proof_of_work=True, the self-hosted ALTCHA
widget, which fetches its challenge from GET /integrity/challenge/.

No raw IP address is kept: network keys and voter keys are HMACs keyed with
settings.VOTER_KEY_PEPPER (tsushinbo/lib/network.py).
"""
