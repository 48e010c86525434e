#pragma once

#include "EventFilter.h"
#include "SqliteStatement.h"
#include "StoredEvent.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>

/**
 * @brief The SQLite history: one file, WAL, synchronous=FULL, schema versioned by user_version.
 *
 * Each EventStore owns its own connection and must be used on the thread that opened it. The
 * capture writer and every reader (export, the window) open their own, so readers never block
 * the writer. A file that is not a Hookscope history, or comes from a newer Hookscope, is refused
 * before anything is written to it.
 */
class EventStore
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    static constexpr int SchemaVersion = 1;
    /// PRAGMA application_id of a Hookscope history ("Hksp").
    static constexpr qint32 ApplicationId = 0x486b7370;

    EventStore();
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    /// Where the history lives when no --db is given (created on first use).
    static QString defaultPath();

    bool open(const QString& path, OpenMode mode = OpenMode::CreateIfMissing);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString path() const { return m_path; }
    /// One line saying what went wrong last, for the user.
    QString errorString() const { return m_error; }

    bool begin();
    bool commit();
    void rollback();
    /// Stores @p event inside the open transaction; sets its id and duplicateOf. False on failure.
    bool insert(StoredEvent& event);

    /// The number of events @p filter lets through (every event by default); -1 when the query failed.
    qint64 count(const EventFilter& filter = {});
    /// Calls @p visit for every event that @p filter lets through with an id above @p afterId,
    /// oldest first, one row in memory at a time; stops early when @p visit returns false. False
    /// when the query failed.
    bool forEach(const EventFilter& filter, const std::function<bool(const StoredEvent&)>& visit, qint64 afterId = 0);
    bool forEach(const std::function<bool(const StoredEvent&)>& visit, qint64 afterId = 0)
    {
        return forEach(EventFilter(), visit, afterId);
    }

private:
    bool refuseUnusable(const QFileInfo& info, OpenMode mode);
    bool checkIdentity();
    bool migrate(int fromVersion);
    bool exec(const QString& sql);
    bool prepareStatements();
    bool setError(const QString& what, const class QSqlError& error);
    bool setError(const QString& what, const SqliteStatement& statement);
    bool run(SqliteStatement& statement, const QString& what);
    qint64 firstWithKey(const QByteArray& key);

    QString m_connectionName;
    QString m_path;
    QString m_error;
    QSqlDatabase m_db;
    // The capture hot path binds straight to SQLite (see SqliteStatement for the measurement).
    SqliteStatement m_insert;
    SqliteStatement m_findKey;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    int m_userVersion = 0;
    OpenMode m_mode = OpenMode::CreateIfMissing;
};
