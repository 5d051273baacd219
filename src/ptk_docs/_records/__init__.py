"""Records: the typed data of the Partnership Toolkit (pydantic models), and nothing else.

Owns the models, split by kind (``register``, ``business_case``, ``agreement``, ``report``),
what they share (``_base``: the base model, value types, the field walk), the kinds by CLI name
(``kinds``), and British dates and money (``formatting``). No I/O and no document libraries.
May import: ``ptk_docs._errors`` only.
"""
