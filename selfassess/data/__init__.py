"""The data layer: models and the query functions routes use.

Routes call the functions in these modules (``people``, ``partnerships``,
``rounds``, ``responses``, ``invitations``, ``audit``, ``questionnaires``)
and never build queries themselves.
"""
