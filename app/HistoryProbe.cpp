#include "HistoryProbe.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>

namespace {

// SQLite's primary result codes (sqlite3.h), as the Qt driver reports them in nativeErrorCode().
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;

int primaryCode(const QSqlError& error)
{
    return error.nativeErrorCode().toInt() & 0xff;
}

/// SQLite opens a file it may not write read-only, without a word: only a write would fail.
bool openedReadOnly(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        return false;
    }
    sqlite3* sqlite = *static_cast<sqlite3* const*>(handle.constData());
    return sqlite3_db_readonly(sqlite, "main") == 1;
}

QString describeWriteFailure(const QString& path, const QSqlError& error)
{
    switch (primaryCode(error)) {
    case SqliteBusy:
    case SqliteLocked:
        return QStringLiteral("%1 is locked by another program (it kept a write lock for 5 s); left untouched")
            .arg(path);
    case SqliteReadOnly:
        return QStringLiteral("%1 is read-only: no event could be stored in it; left untouched").arg(path);
    default:
        return QStringLiteral("%1 cannot be written: %2; left untouched").arg(path, error.databaseText());
    }
}

} // namespace

bool HistoryProbe::canCapture(const QString& path, QString* error)
{
    if (!QFileInfo(path).isFile()) {
        return true; // created by the writer (or refused by it, with its own message)
    }
    const QString name = QStringLiteral("history-probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        QSqlQuery q(db);
        // Only a history is probed: anything else is EventStore::open()'s to name.
        const bool history = db.open()
            && q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'"))
            && q.next() && q.value(0).toInt() == 1;
        if (history) {
            // The newest events sit on the table's rightmost pages, the last ones written.
            if (!q.exec(QStringLiteral("SELECT max(id) FROM events")) || !q.next()) {
                *error = QStringLiteral("%1 is damaged: its newest events can't be read (%2); left untouched")
                             .arg(path, q.lastError().databaseText());
                ok = false;
            } else if (openedReadOnly(db)) {
                *error = QStringLiteral("%1 is read-only: no event could be stored in it; left untouched").arg(path);
                ok = false;
            } else if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
                *error = describeWriteFailure(path, q.lastError());
                ok = false;
            } else {
                q.exec(QStringLiteral("ROLLBACK"));
            }
        }
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
