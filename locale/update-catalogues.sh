#!/bin/sh
# Regenerate, merge and compile Chợ OCOP's message catalogues. Run from anywhere.
#
#   1. makemessages: extract our own msgids (templates/, catalog/, shop/, search/, cms/).
#   2. msgcat: add locale/vi/oscar-overrides.po (fixes for django-oscar's vi catalogue on
#      storefront pages). --use-first: our own translations win over the overrides.
#   3. Refuse to go on if any vi message is untranslated or fuzzy.
#   4. compilemessages: the .mo files are committed, so the site needs no gettext at run time.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
VI=locale/vi/LC_MESSAGES/django.po

"$PY" manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --ignore=bench \
    --ignore=scripts --ignore=staticfiles --ignore=media --no-obsolete
msgcat --use-first -o "$VI" "$VI" locale/vi/oscar-overrides.po

msgfmt --check --statistics -o /dev/null "$VI"
if [ -n "$(msgattrib --untranslated "$VI" | sed -n '/^msgid /p' | sed 1d)" ] \
    || [ -n "$(msgattrib --only-fuzzy "$VI" | sed -n '/^msgid /p' | sed 1d)" ]; then
    echo "$VI has untranslated or fuzzy messages: translate them before compiling." >&2
    msgattrib --untranslated "$VI" | sed -n '/^msgid /p' | sed 1d >&2
    msgattrib --only-fuzzy "$VI" | sed -n '/^msgid /p' | sed 1d >&2
    exit 1
fi
"$PY" manage.py compilemessages --ignore=.venv
