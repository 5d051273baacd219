"""The toolkit: the outline of the seed's documents, in the seed's words.

Owns the outline of the business case and agreement (sections, questions, guidance, tables:
``outline``), the headings as councils write them (``headings``) and the vocabulary that tells
which heading a passage of text speaks to (``vocabulary``). Pure data and text rules.
May import: ``_records``, ``_errors``.
"""
