#!/usr/bin/env bash
# Sauvegarde de la base PostgreSQL de Clef, puis preuve qu'elle se restaure (docs/exploitation.md,
# « Sauvegarde et restauration ») :
#   1. pg_dump --format=custom de la base DATABASE_URL dans un fichier (droits 600 : données personnelles) ;
#   2. restauration dans une base neuve (CREATE DATABASE + pg_restore --exit-on-error) ;
#   3. manage.py check --database default (dont les triggers d'ajout seul du journal) et
#      manage.py migrate --check (aucune migration manquante) sur la base restaurée ;
#   4. mêmes nombres de lignes, table par table, dans les deux bases ;
#   5. même bilan (manage.py bilan --annee A --format json) dans les deux bases, pour chaque année demandée.
# La base restaurée est supprimée à la fin (sauf --garder-restauration) ; le fichier de sauvegarde reste.
#
# Usage : DATABASE_URL=postgres://UTILISATEUR:MOT_DE_PASSE@HOTE:5432/BASE \
#           scripts/backup-restore-check.sh [--annee 2024]... [--dossier var/sauvegardes] [--garder-restauration]
# Le rôle doit pouvoir créer une base (CREATEDB). Code de sortie non nul au premier écart.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
DIR="var/sauvegardes"
KEEP=""
YEARS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --annee) YEARS+=("$2"); shift 2 ;;
    --dossier) DIR="$2"; shift 2 ;;
    --garder-restauration) KEEP=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "Option inconnue : $1" >&2; exit 2 ;;
  esac
done
[ ${#YEARS[@]} -gt 0 ] || YEARS=("$(( $(date +%Y) - 1 ))")

SOURCE_URL="${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL à sauvegarder}"
case "$SOURCE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "DATABASE_URL n'est pas une base PostgreSQL." >&2; exit 2 ;;
esac
# postgres://user:password@host:port/name[?options] → base, préfixe, options.
REST="${SOURCE_URL%%\?*}"
QUERY=""; [ "$REST" != "$SOURCE_URL" ] && QUERY="?${SOURCE_URL#*\?}"
SOURCE_DB="${REST##*/}"
PREFIX="${REST%/*}"
STAMP="$(date +%Y%m%d-%H%M%S)"
RESTORED_DB="${SOURCE_DB}_verif_${STAMP//-/_}"
RESTORED_URL="${PREFIX}/${RESTORED_DB}${QUERY}"
MAINTENANCE_URL="${PREFIX}/postgres${QUERY}"

umask 077
mkdir -p "$DIR"
DUMP="$DIR/clef-${SOURCE_DB}-${STAMP}.dump"
WORK="$(mktemp -d)"

cleanup() {
  rm -rf "$WORK"
  if [ -z "$KEEP" ]; then
    psql "$MAINTENANCE_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$RESTORED_DB\"" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

step() { echo "[$(date +%H:%M:%S)] $*"; }

step "Sauvegarde de la base $SOURCE_DB (pg_dump, format custom)…"
pg_dump --format=custom --no-owner --file="$DUMP" --dbname="$SOURCE_URL"
step "Sauvegarde écrite : $DUMP ($(du -h "$DUMP" | cut -f1))"

step "Restauration dans une base neuve $RESTORED_DB…"
psql "$MAINTENANCE_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$RESTORED_DB\"" >/dev/null
pg_restore --exit-on-error --no-owner --dbname="$RESTORED_URL" "$DUMP"
psql "$RESTORED_URL" -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = error" -c "ANALYZE" >/dev/null  # no statistics in a dump

step "Vérifications Django sur la base restaurée (check, migrations)…"
DATABASE_URL="$RESTORED_URL" "$PYTHON" manage.py check --database default --fail-level WARNING
DATABASE_URL="$RESTORED_URL" "$PYTHON" manage.py migrate --check --noinput -v 0 \
  || { echo "ÉCHEC : la base restaurée n'a pas toutes les migrations." >&2; exit 1; }

COUNT_ROWS='
from django.apps import apps
for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
    print(model._meta.db_table, model._base_manager.count())
'
step "Nombre de lignes, table par table…"
DATABASE_URL="$SOURCE_URL" "$PYTHON" manage.py shell -c "$COUNT_ROWS" > "$WORK/lignes-source.txt"
DATABASE_URL="$RESTORED_URL" "$PYTHON" manage.py shell -c "$COUNT_ROWS" > "$WORK/lignes-restauree.txt"
if ! diff -u "$WORK/lignes-source.txt" "$WORK/lignes-restauree.txt"; then
  echo "ÉCHEC : les nombres de lignes diffèrent entre la base et sa restauration." >&2
  exit 1
fi
step "$(wc -l < "$WORK/lignes-source.txt") tables, $(awk '{s += $2} END {print s}' "$WORK/lignes-source.txt") lignes : identiques."

for YEAR in "${YEARS[@]}"; do
  step "Bilan $YEAR : base d'origine et base restaurée…"
  DATABASE_URL="$SOURCE_URL" "$PYTHON" manage.py bilan --annee "$YEAR" --format json > "$WORK/bilan-source-$YEAR.json"
  DATABASE_URL="$RESTORED_URL" "$PYTHON" manage.py bilan --annee "$YEAR" --format json > "$WORK/bilan-restauree-$YEAR.json"
  if ! diff -u "$WORK/bilan-source-$YEAR.json" "$WORK/bilan-restauree-$YEAR.json"; then
    echo "ÉCHEC : le bilan $YEAR de la base restaurée diffère de celui de la base d'origine." >&2
    exit 1
  fi
  step "Bilan $YEAR identique ($(grep -c . "$WORK/bilan-source-$YEAR.json") lignes de JSON)."
done

[ -n "$KEEP" ] && step "Base restaurée conservée : $RESTORED_DB"
step "Sauvegarde vérifiée : $DUMP se restaure, passe les contrôles et redonne le même bilan."
