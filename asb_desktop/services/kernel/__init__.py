"""The kernel every area stands on: the unit of work (Context), errors, who may see and change
what, the one way to reach a case (``open_case``), derived case state and read models."""
