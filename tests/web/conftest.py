"""Web tests: a small unit tree with staff in every role, built with the real services.

The database is the one DATABASE_URL names (SQLite by default); `make test` runs
these tests on SQLite and on the PostgreSQL server of the machine.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.applications import services as apps
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from report_records import make_records

AS_OF = date(2024, 11, 20)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """PBKDF2 takes ~0.3 s a password by design; tests need not pay it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """Each test starts with no cached public page: the rows an earlier test's pages
    showed were rolled back, which no signal reports (gongkai.web.portal.cache)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from gongkai.web.portal.cache import portal_cache_bump

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # Only the cache's own keys: clear() would empty the whole Redis database, which
        # the jobs' queue shares (one GONGKAI_REDIS_URL, as deployed: make test-services).
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    portal_cache_bump()


@pytest.fixture
def as_of() -> date:
    return AS_OF


@pytest.fixture
def county(db) -> SimpleNamespace:
    """示例县 with two departments and a township; a clerk and a reviewer for each
    department, an office and a supervisor at the county, an admin."""
    User = get_user_model()
    gov = unit_create(name="测试县人民政府", code="T", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="测试县教育局", code="T-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    env = unit_create(name="测试县生态环境局", code="T-ENV", kind=UnitKind.DEPARTMENT, parent=gov)
    town = unit_create(name="测试县城关镇", code="T-TOWN", kind=UnitKind.TOWNSHIP, parent=gov)

    def user(name: str, unit=None, role=None, **kw):
        u = User.objects.create_user(username=name, password="pw-" + name, **kw)
        if unit is not None:
            membership_grant(user=u, unit=unit, role=role)
        return u

    return SimpleNamespace(
        gov=gov,
        edu=edu,
        env=env,
        town=town,
        clerk_edu=user("clerk_edu", edu, Role.CLERK),
        reviewer_edu=user("reviewer_edu", edu, Role.REVIEWER),
        clerk_env=user("clerk_env", env, Role.CLERK),
        reviewer_env=user("reviewer_env", env, Role.REVIEWER),
        office=user("office", gov, Role.OFFICE),
        supervisor=user("supervisor", gov, Role.SUPERVISOR),
        admin=user("admin", is_superuser=True, is_staff=True),
        outsider=user("outsider"),
    )


@pytest.fixture
def register(county, as_of):
    """Register an application with the real service (defaults: in person, at 教育局)."""

    def _register(**kw):
        fields = {
            "unit": county.edu,
            "channel": "in_person",
            "category": "np",
            "applicant_name": "张三",
            "id_number": "130101199001011234",
            "phone": "13800138000",
            "address": "测试县城关镇1号",
            "description": "申请公开2024年学校划片方案",
            "form_wanted": "electronic",
            "submitted_on": date(2024, 9, 27),
            "actor": county.clerk_edu,
            "as_of": as_of,
        }
        fields.update(kw)
        return apps.application_register(**fields)

    return _register


@pytest.fixture
def report_records(county, register) -> SimpleNamespace:
    """The records an annual report is compiled from, in the county above
    (``report_records.make_records`` lists them)."""
    return make_records(county, register)
