"""Settings: CLI over environment over config file over defaults; bad values are errors."""

from __future__ import annotations

import pytest

from summariser.errors import SettingsError
from summariser.settings import DEFAULT_MODEL, Settings


def test_defaults():
    settings = Settings.load({}, environ={})
    assert settings.translate.model == DEFAULT_MODEL
    assert settings.translate.beams == 4 and settings.summary.max_words == 80


def test_precedence_cli_over_env_over_file(tmp_path):
    config = tmp_path / "summariser.toml"
    config.write_text('[translate]\nbeams = 2\nmodel = "from-file"\n[summary]\nmax_words = 60\n')
    env = {"SUMMARISER_CONFIG": str(config), "SUMMARISER_BEAMS": "3"}
    settings = Settings.load({"translate.model": "from-cli"}, environ=env)
    assert settings.translate.model == "from-cli"
    assert settings.translate.beams == 3
    assert settings.summary.max_words == 60


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"backend": "marian-nmt"}, "unknown backend"),
        ({"beams": 0}, "beams must be at least 1"),
        ({"colour": "blue"}, "unknown setting"),
    ],
)
def test_invalid_settings_are_errors(overrides, message):
    with pytest.raises(SettingsError, match=message):
        Settings.load(overrides, environ={})


def test_invalid_environment_value():
    with pytest.raises(SettingsError, match="invalid value 'four' for setting 'translate.beams'"):
        Settings.load({}, environ={"SUMMARISER_BEAMS": "four"})


def test_the_target_grade_is_part_of_the_signature(monkeypatch):
    # It changes which lines the summary keeps, so a batch made for another target is redone.
    plain = Settings.load({})
    monkeypatch.setenv("SUMMARISER_TARGET_GRADE", "3")
    assert Settings.load({}).signature() != plain.signature()
