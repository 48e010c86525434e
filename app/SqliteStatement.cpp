#include "SqliteStatement.h"

#include <sqlite3.h>

SqliteStatement::~SqliteStatement()
{
    finalize();
}

bool SqliteStatement::prepare(sqlite3* db, const char* sql)
{
    finalize();
    m_db = db;
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) == SQLITE_OK;
}

void SqliteStatement::finalize()
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

void SqliteStatement::bindInt(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindText(int index, const QByteArray& utf8)
{
    // A null QByteArray would bind SQL NULL: bind the empty string instead.
    sqlite3_bind_text(
        m_stmt, index, utf8.isNull() ? "" : utf8.constData(), static_cast<int>(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindTextOrNull(int index, const QString& text, QByteArray& keepAlive)
{
    if (text.isNull()) {
        bindNull(index);
        return;
    }
    keepAlive = text.toUtf8();
    bindText(index, keepAlive);
}

void SqliteStatement::bindBlob(int index, const QByteArray& bytes)
{
    // A zero-length blob, never NULL: an empty body is still a body.
    sqlite3_bind_blob64(m_stmt, index, bytes.isEmpty() ? "" : bytes.constData(),
        static_cast<sqlite3_uint64>(bytes.size()), SQLITE_STATIC);
}

bool SqliteStatement::step(bool* hasRow)
{
    const int rc = m_stmt ? sqlite3_step(m_stmt) : SQLITE_MISUSE;
    if (hasRow) {
        *hasRow = rc == SQLITE_ROW;
    }
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

qint64 SqliteStatement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

qint64 SqliteStatement::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

void SqliteStatement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

QString SqliteStatement::errorString() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}
