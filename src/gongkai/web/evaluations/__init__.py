"""The evaluation workspace: the office's (and supervisors') yearly check of the units'
annual reports — collected from their websites or uploaded, audited, scored under a
scheme and ranked in the background, findings overridden with a reason, and the bulletin
(通报) edited and issued. The work itself is :mod:`gongkai.core.evaluate`'s and
:mod:`gongkai.core.collect`'s."""
