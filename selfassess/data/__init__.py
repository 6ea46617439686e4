"""The data layer: models and the query functions services and routes use.

Services change data through these modules (``accounts``, ``partnerships``,
``rounds``, ``responses``, ``invitations``, ``agreed``, ``audit``,
``versions``, ``jobs``, ``pending``) and commit with ``audit.commit`` or
``transaction.commit``; routes only read through them. Nothing outside this
package builds a query.
"""
