#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

/**
 * A prepared statement on the raw SQLite handle of a Qt Sql connection, for the capture hot path.
 *
 * Measured with callgrind on the ingest load: QSqlQuery::bindValue builds a placeholder name with
 * QString::arg for every positional value and binds text as UTF-16, which cost about as much as
 * SQLite's own insert. Binding UTF-8 and blobs directly removes that; the connection, its
 * pragmas and every other query stay with Qt Sql.
 */
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool prepare(sqlite3* db, const char* sql);
    void finalize();

    // Parameters count from 1, as in SQLite. The bytes must stay alive until step() returns.
    void bindNull(int index);
    void bindInt(int index, qint64 value);
    void bindText(int index, const QByteArray& utf8);
    void bindTextOrNull(int index, const QString& text, QByteArray& keepAlive);
    void bindBlob(int index, const QByteArray& bytes);

    /// Runs the statement: true for a row (then read columnInt) or for done; false on an error.
    bool step(bool* hasRow = nullptr);
    qint64 columnInt(int column) const;
    qint64 lastInsertRowId() const;
    /// Resets after step() so that the statement can run again (its bindings are rebound each time).
    void reset();
    QString errorString() const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};
