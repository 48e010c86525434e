#include "Catalog.h"
#include "Envelope.h"
#include "EventFilter.h"
#include "EventStore.h"
#include "EventWriter.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <atomic>

Q_DECLARE_METATYPE(StoredEvent)
Q_DECLARE_METATYPE(EventStore::OpenMode)

namespace {

/// A connection of the test's own to a database file, for what EventStore does not expose.
class OwnConnection
{
public:
    explicit OwnConnection(const QString& path)
        : m_name(QStringLiteral("test-own-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
        if (!m_open) {
            m_error = db.lastError().text();
        }
    }
    ~OwnConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    OwnConnection(const OwnConnection&) = delete;
    OwnConnection& operator=(const OwnConnection&) = delete;

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }

    /// Runs each statement in turn; false (with error()) at the first that fails.
    bool exec(const QStringList& statements)
    {
        for (const QString& sql : statements) {
            QSqlQuery q(QSqlDatabase::database(m_name, false));
            if (!q.exec(sql)) {
                m_error = sql + QStringLiteral(": ") + q.lastError().text();
                return false;
            }
        }
        return true;
    }

    /// Column @p index of every row of @p sql (one invalid entry when the query failed).
    QVariantList column(const QString& sql, int index = 0)
    {
        QVariantList values;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql)) {
            m_error = sql + QStringLiteral(": ") + q.lastError().text();
            return {QVariant()};
        }
        while (q.next()) {
            values.append(q.value(index));
        }
        return values;
    }

    QVariant value(const QString& sql) { return column(sql).value(0); }

private:
    static inline int s_count = 0;
    QString m_name;
    QString m_error;
    bool m_open = false;
};

/// What a file system entry looks like from outside: kind, size, modification time and SHA-256.
QString describe(const QFileInfo& info)
{
    if (info.isDir()) {
        return QStringLiteral("%1/ dir mtime=%2 entries=%3")
            .arg(info.fileName(), info.lastModified().toString(Qt::ISODateWithMs))
            .arg(QDir(info.filePath())
                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                     .join(QLatin1Char(',')));
    }
    QFile file(info.filePath());
    QByteArray hash = "unreadable";
    if (file.open(QIODevice::ReadOnly)) {
        hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
    }
    return QStringLiteral("%1 size=%2 mtime=%3 sha256=%4")
        .arg(info.fileName())
        .arg(info.size())
        .arg(info.lastModified().toString(Qt::ISODateWithMs), QString::fromLatin1(hash));
}

/// Every entry of @p dir described: shows a changed byte, a touched file, a created -wal/-shm/-journal or folder.
QStringList snapshot(const QString& dir)
{
    QStringList out;
    const QFileInfoList entries
        = QDir(dir).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    for (const QFileInfo& info : entries) {
        out.append(describe(info));
    }
    return out;
}

StoredEvent fullEvent()
{
    StoredEvent e;
    e.receivedAtMs = 1795917180123;
    e.method = "POST";
    e.target = "/hooks/caf\xe9?x=\xff&y=%20";
    e.path = "/hooks/caf\xe9";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("[::1]:54321");
    e.headers = {{"Host", "127.0.0.1:8787"}, {"X-Repeat", "first"}, {"Content-Type", "application/json; charset=utf-8"},
        {"X-Repeat", "second"}, {"X-Empty", ""}, {"X-Colon", "a: b:c"}, {"X-Latin1", "caf\xe9"}, {"x-repeat", "third"}};
    e.body = QByteArray("{\"a\":\"\xff\xfe\"}\0tail\0", 17);
    e.contentType = "application/json; charset=utf-8";
    e.event = QStringLiteral("business_loans.deleted");
    e.channel = QStringLiteral("business_loans");
    e.action = QStringLiteral("deleted");
    e.environment = QStringLiteral("staging");
    e.idempotencyKey = QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c41");
    e.message = QStringLiteral("Gel\u00f6scht \u2713 \U0001F600");
    e.problems = {QStringLiteral("missing field: data"), QStringLiteral("idempotency_key is not a UUID")};
    e.responseStatus = 200;
    return e;
}

StoredEvent keyed(const QString& key)
{
    StoredEvent e;
    e.receivedAtMs = 1795917180000;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.body = "{}";
    e.idempotencyKey = key;
    e.responseStatus = 200;
    return e;
}

/// Every event of @p store, oldest first; @p ok tells whether forEach succeeded.
QList<StoredEvent> readAll(EventStore& store, bool* ok)
{
    QList<StoredEvent> events;
    *ok = store.forEach([&events](const StoredEvent& e) {
        events.append(e);
        return true;
    });
    return events;
}

QList<qint64> idsOf(const QList<StoredEvent>& events)
{
    QList<qint64> ids;
    for (const StoredEvent& e : events) {
        ids.append(e.id);
    }
    return ids;
}

/// The connection names that appeared since @p before: how the test reaches the store's own connection.
QStringList addedConnections(const QStringList& before)
{
    QStringList added;
    for (const QString& name : QSqlDatabase::connectionNames()) {
        if (!before.contains(name)) {
            added.append(name);
        }
    }
    return added;
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT

private slots:
    void newFileGetsSchemaAndPragmas();
    void roundTrip_data();
    void roundTrip();
    void duplicatesPointAtTheFirstCopy();
    void duplicatesAcrossTransactionsAndSessions();
    void rolledBackEventsAreGone();
    void problemsColumn();
    void refuses_data();
    void refuses();
    void migratesABlankFile_data();
    void migratesABlankFile();
    void reopeningKeepsEvents();
    void pathsAreFileNames_data();
    void pathsAreFileNames();
    void readerDoesNotWaitForAnOpenWriteTransaction();
    void writerDoesNotWaitForAReader();
    void filtersHaveIndexes_data();
    void filtersHaveIndexes();
    void windowReadPath();
    void quickFiltersUsePartialIndexes_data();
    void quickFiltersUsePartialIndexes();
    void migratesSchemaOneForward();
    void migratesResourceIds_data();
    void migratesResourceIds();
    void resourceHistory();
    void deliveriesFollowTheirEvents();
    void textIndexFollowsDeletes();
    void migratesToTheTextIndex();
    void textFilterUsesTheIndex_data();
    void textFilterUsesTheIndex();
    void indexTextKeepsToItsBudget();
    void writerIndexesWhenIdle();
    void indexStaysRightWhileTheWindowDeletes();
    void newestThroughTheIndex_data();
    void newestThroughTheIndex();
};

void TestEventStore::newFileGetsSchemaAndPragmas()
{
    TempHistory dir;
    QVERIFY(dir.isValid());
    const QString path = dir.path();
    const QStringList before = QSqlDatabase::connectionNames();
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(store.path(), path);
    QVERIFY(QFileInfo(path).isFile());
    QCOMPARE(store.count(), 0);

    // synchronous is per connection: ask the store's own connection.
    const QStringList added = addedConnections(before);
    QCOMPARE(added.size(), 1);
    {
        QSqlQuery q(QSqlDatabase::database(added.constFirst(), false));
        QVERIFY2(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next(), qPrintable(q.lastError().text()));
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    }

    // The rest is in the file: a connection of our own sees it.
    OwnConnection own(path);
    QVERIFY2(own.isOpen(), qPrintable(own.error()));
    QCOMPARE(own.value(QStringLiteral("PRAGMA user_version")).toInt(), EventStore::SchemaVersion);
    QCOMPARE(own.value(QStringLiteral("PRAGMA application_id")).toLongLong(), qint64(0x486b7370));
    QCOMPARE(own.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(own.column(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")),
        QVariantList({QStringLiteral("data_shapes"), QStringLiteral("deliveries"), QStringLiteral("events"),
            QStringLiteral("events_text"), QStringLiteral("events_text_config"), QStringLiteral("events_text_data"),
            QStringLiteral("events_text_idx"), QStringLiteral("events_text_state")}));

    // The store closes its connection: nothing left registered.
    store.close();
    QVERIFY(!store.isOpen());
    QCOMPARE(addedConnections(before).size(), 1); // only `own`
}

void TestEventStore::roundTrip_data()
{
    QTest::addColumn<StoredEvent>("event");

    QTest::newRow("every field set, binary body, repeated headers") << fullEvent();

    StoredEvent sparse;
    sparse.receivedAtMs = 0;
    sparse.method = "GET";
    sparse.target = "/";
    sparse.path = "/";
    sparse.httpVersion = "HTTP/1.0";
    sparse.remote = QStringLiteral("127.0.0.1:1");
    sparse.problems = {QStringLiteral("body is empty")};
    sparse.responseStatus = 400;
    QTest::newRow("nulls stay null") << sparse;

    StoredEvent empties = sparse;
    empties.contentType = "";
    empties.event = QLatin1String("");
    empties.channel = QLatin1String("");
    empties.action = QLatin1String("");
    empties.environment = QLatin1String("");
    empties.idempotencyKey = QLatin1String("");
    empties.message = QLatin1String("");
    empties.headers = {{"Content-Type", ""}};
    empties.problems = {};
    QTest::newRow("empty strings stay empty, not null") << empties;

    StoredEvent nulBody = fullEvent();
    nulBody.body = QByteArray(4096, '\0');
    nulBody.body[100] = '\x80';
    nulBody.problems = {QStringLiteral("only problem")};
    nulBody.receivedAtMs = 4102444799999; // 2099-12-31T23:59:59.999Z
    QTest::newRow("NUL bytes, large time, one problem") << nulBody;

    StoredEvent quoting = sparse;
    quoting.problems = {QStringLiteral("environment is not staging or production: stag\ning"), QString(),
        QStringLiteral("\ufeffunknown channel: \ufeffx"), QStringLiteral("[bracket] back\\slash \"quote\" \r\n\t")};
    QTest::newRow("problems quoting the sender: newline, empty, BOM, brackets") << quoting;
}

void TestEventStore::roundTrip()
{
    QFETCH(StoredEvent, event);
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));

    StoredEvent stored = event;
    stored.id = 999; // insert assigns the id and duplicateOf itself
    stored.duplicateOf = 555;
    QVERIFY(store.begin());
    QVERIFY2(store.insert(stored), qPrintable(store.errorString()));
    QVERIFY(store.commit());
    QCOMPARE(stored.id, 1);
    QCOMPARE(stored.duplicateOf, 0);

    // Read back through a fresh store so nothing can come from the inserting connection's memory.
    store.close();
    EventStore reader;
    QVERIFY2(reader.open(dir.path(), EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    bool ok = false;
    const QList<StoredEvent> events = readAll(reader, &ok);
    QVERIFY2(ok, qPrintable(reader.errorString()));
    QCOMPARE(events.size(), 1);
    const StoredEvent& got = events.constFirst();

    QCOMPARE(got.id, 1);
    QCOMPARE(got.receivedAtMs, event.receivedAtMs);
    QCOMPARE(got.method, event.method);
    QCOMPARE(got.target, event.target);
    QCOMPARE(got.path, event.path);
    QCOMPARE(got.httpVersion, event.httpVersion);
    QCOMPARE(got.remote, event.remote);
    QCOMPARE(flatten(got.headers), flatten(event.headers));
    QCOMPARE(got.body.size(), event.body.size());
    QCOMPARE(got.body, event.body);
    QCOMPARE(got.contentType, event.contentType);
    QCOMPARE(got.contentType.isNull(), event.contentType.isNull());
    const struct
    {
        const char* name;
        QString got;
        QString want;
    } texts[] = {
        {"event", got.event, event.event},
        {"channel", got.channel, event.channel},
        {"action", got.action, event.action},
        {"environment", got.environment, event.environment},
        {"idempotencyKey", got.idempotencyKey, event.idempotencyKey},
        {"message", got.message, event.message},
    };
    for (const auto& t : texts) {
        QVERIFY2(t.got == t.want, t.name);
        QVERIFY2(t.got.isNull() == t.want.isNull(), t.name);
    }
    QCOMPARE(got.duplicateOf, 0);
    QCOMPARE(got.problems, event.problems);
    QCOMPARE(got.responseStatus, event.responseStatus);
}

void TestEventStore::duplicatesPointAtTheFirstCopy()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    const QString k1 = QString::fromLatin1(newKey());
    const QString k2 = QString::fromLatin1(newKey());
    QList<StoredEvent> events = {keyed(QString()), keyed(k1), keyed(QString()), keyed(k1), keyed(k2), keyed(k1),
        keyed(QString()), keyed(QLatin1String("")), keyed(QLatin1String(""))};

    QVERIFY(store.begin());
    for (StoredEvent& e : events) {
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
    }
    QVERIFY(store.commit());

    const QList<qint64> expected = {0, 0, 0, 2, 0, 2, 0, 0, 0};
    QList<qint64> assigned;
    for (const StoredEvent& e : events) {
        assigned.append(e.duplicateOf);
    }
    QCOMPARE(assigned, expected);
    QCOMPARE(idsOf(events), QList<qint64>({1, 2, 3, 4, 5, 6, 7, 8, 9}));

    // What insert() reported is what was stored.
    bool ok = false;
    const QList<StoredEvent> stored = readAll(store, &ok);
    QVERIFY(ok);
    QList<qint64> read;
    for (const StoredEvent& e : stored) {
        read.append(e.duplicateOf);
    }
    QCOMPARE(read, expected);
}

void TestEventStore::duplicatesAcrossTransactionsAndSessions()
{
    TempHistory dir;
    const QString key = QString::fromLatin1(newKey());
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        StoredEvent other = keyed(QString::fromLatin1(newKey()));
        StoredEvent first = keyed(key);
        QVERIFY(store.begin());
        QVERIFY(store.insert(other));
        QVERIFY(store.insert(first));
        QVERIFY(store.commit());
        QCOMPARE(first.id, 2);
        QCOMPARE(first.duplicateOf, 0);

        StoredEvent second = keyed(key);
        QVERIFY(store.begin());
        QVERIFY(store.insert(second));
        QVERIFY(store.commit());
        QCOMPARE(second.duplicateOf, 2);
    }
    EventStore again;
    QVERIFY2(again.open(dir.path()), qPrintable(again.errorString()));
    StoredEvent third = keyed(key);
    StoredEvent fresh = keyed(QString::fromLatin1(newKey()));
    QVERIFY(again.begin());
    QVERIFY(again.insert(third));
    QVERIFY(again.insert(fresh));
    QVERIFY(again.commit());
    QCOMPARE(third.id, 4);
    QCOMPARE(third.duplicateOf, 2);
    QCOMPARE(fresh.duplicateOf, 0);
}

void TestEventStore::rolledBackEventsAreGone()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    const QString kept = QString::fromLatin1(newKey());
    const QString dropped = QString::fromLatin1(newKey());

    StoredEvent a = keyed(kept);
    QVERIFY(store.begin());
    QVERIFY(store.insert(a));
    QVERIFY(store.commit());

    StoredEvent b = keyed(dropped);
    StoredEvent c = keyed(kept);
    QVERIFY(store.begin());
    QVERIFY(store.insert(b));
    QVERIFY(store.insert(c));
    QCOMPARE(c.duplicateOf, a.id);
    QCOMPARE(store.count(), 3); // visible inside the transaction...
    store.rollback();
    QCOMPARE(store.count(), 1); // ...and gone after it

    // The rolled-back copy of `dropped` is no first copy; the store takes new transactions.
    StoredEvent d = keyed(dropped);
    StoredEvent e = keyed(dropped);
    QVERIFY2(store.begin(), qPrintable(store.errorString()));
    QVERIFY(store.insert(d));
    QVERIFY(store.insert(e));
    QVERIFY(store.commit());
    QCOMPARE(d.duplicateOf, 0);
    QCOMPARE(e.duplicateOf, d.id);

    bool ok = false;
    const QList<StoredEvent> events = readAll(store, &ok);
    QVERIFY(ok);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).idempotencyKey, kept);
    QCOMPARE(events.at(1).idempotencyKey, dropped);
    QCOMPARE(events.at(1).duplicateOf, 0);
    QCOMPARE(events.at(2).duplicateOf, events.at(1).id);
}

void TestEventStore::problemsColumn()
{
    TempHistory dir;
    const QString path = dir.path();
    EventStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    StoredEvent none = keyed(QString());
    StoredEvent some = keyed(QString());
    some.problems = {QStringLiteral("body is not JSON")};
    QVERIFY(store.begin() && store.insert(none) && store.insert(some) && store.commit());

    OwnConnection own(path);
    // No problems is '' in the column, so that SQL can tell the events with problems.
    QCOMPARE(own.column(QStringLiteral("SELECT id FROM events WHERE problems != ''")), QVariantList({some.id}));
    bool ok = false;
    const QList<StoredEvent> events = readAll(store, &ok);
    QVERIFY(ok);
    QCOMPARE(events.size(), 2);
    QVERIFY(events.at(0).problems.isEmpty());
    QCOMPARE(events.at(1).problems, some.problems);
    QCOMPARE(own.column(QStringLiteral("SELECT problems FROM events WHERE id = %1").arg(some.id)),
        QVariantList({QStringLiteral("[\"body is not JSON\"]")}));
}

void TestEventStore::refuses_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name"); // the path handed to open(), relative to the temporary folder
    QTest::addColumn<EventStore::OpenMode>("mode");
    QTest::addColumn<QString>("reason"); // what the one-line error must say

    const auto create = EventStore::OpenMode::CreateIfMissing;
    QTest::newRow("text file") << "text"
                               << "history.sqlite" << create << "not an SQLite database";
    QTest::newRow("random bytes") << "random"
                                  << "history.sqlite" << create << "not an SQLite database";
    QTest::newRow("SQLite header, then garbage") << "corrupt"
                                                 << "history.sqlite" << create << "not a usable SQLite database";
    QTest::newRow("another program's SQLite database") << "foreign"
                                                       << "history.sqlite" << create << "another program";
    QTest::newRow("another program's SQLite database in WAL mode") << "foreign-wal"
                                                                   << "history.sqlite" << create << "another program";
    QTest::newRow("another program's, MustExist")
        << "foreign"
        << "history.sqlite" << EventStore::OpenMode::MustExist << "another program";
    QTest::newRow("Hookscope history from a newer Hookscope") << "newer"
                                                              << "history.sqlite" << create << "newer Hookscope";
    QTest::newRow("a directory") << "directory"
                                 << "history.sqlite" << create << "not a regular file";
    QTest::newRow("a folder that does not exist") << "none"
                                                  << "missing/history.sqlite" << create << "does not exist";
    QTest::newRow("MustExist on an empty file (a reader never writes)")
        << "empty"
        << "history.sqlite" << EventStore::OpenMode::MustExist << "empty";
    QTest::newRow("MustExist on a missing file")
        << "none"
        << "history.sqlite" << EventStore::OpenMode::MustExist << "no such history";
}

void TestEventStore::refuses()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(EventStore::OpenMode, mode);
    QFETCH(QString, reason);

    TempHistory dir;
    QVERIFY(dir.isValid());
    const QString path = dir.path(name);
    if (kind == QLatin1String("text")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("These are my notes, not a database.\nSecond line.\n");
    } else if (kind == QLatin1String("random") || kind == QLatin1String("corrupt")) {
        QByteArray bytes(8192, Qt::Uninitialized);
        QRandomGenerator generator(20261129);
        generator.fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
        if (kind == QLatin1String("corrupt")) {
            bytes.replace(0, 16, QByteArray("SQLite format 3\0", 16));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    } else if (kind.startsWith(QLatin1String("foreign"))) {
        OwnConnection other(path);
        QVERIFY2(other.isOpen(), qPrintable(other.error()));
        QStringList sql;
        if (kind == QLatin1String("foreign-wal")) {
            sql << QStringLiteral("PRAGMA journal_mode=WAL");
        }
        sql << QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            << QStringLiteral("INSERT INTO notes (text) VALUES ('buy milk'), ('call mum')");
        QVERIFY2(other.exec(sql), qPrintable(other.error()));
    } else if (kind == QLatin1String("newer")) {
        {
            EventStore older;
            QVERIFY2(older.open(path), qPrintable(older.errorString()));
            StoredEvent e = keyed(QString::fromLatin1(newKey()));
            QVERIFY(older.begin() && older.insert(e) && older.commit());
        }
        OwnConnection newer(path);
        QVERIFY2(newer.exec({QStringLiteral("PRAGMA user_version=99")}), qPrintable(newer.error()));
    } else if (kind == QLatin1String("directory")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("empty")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    const QStringList before = snapshot(dir.path(QString()));
    const QStringList connectionsBefore = QSqlDatabase::connectionNames();

    EventStore store;
    QVERIFY(!store.open(path, mode));
    QVERIFY(!store.isOpen());
    const QString error = store.errorString();
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    store.close();

    QCOMPARE(snapshot(dir.path(QString())), before);
    QCOMPARE(QSqlDatabase::connectionNames(), connectionsBefore);
    if (kind == QLatin1String("none")) {
        QVERIFY(!QFileInfo::exists(path));
    }
}

void TestEventStore::migratesABlankFile_data()
{
    QTest::addColumn<bool>("sqlite");
    QTest::newRow("0-byte file") << false;
    QTest::newRow("SQLite file with no objects") << true;
}

void TestEventStore::migratesABlankFile()
{
    QFETCH(bool, sqlite);
    TempHistory dir;
    const QString path = dir.path();
    if (sqlite) {
        OwnConnection blank(path);
        QVERIFY2(blank.exec({QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("DROP TABLE t")}),
            qPrintable(blank.error()));
        QCOMPARE(blank.value(QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt(), 0);
    } else {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(QFileInfo(path).size() > 0, sqlite);

    {
        EventStore store;
        QVERIFY2(store.open(path, EventStore::OpenMode::CreateIfMissing), qPrintable(store.errorString()));
        StoredEvent e = keyed(QString::fromLatin1(newKey()));
        QVERIFY(store.begin());
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
        QVERIFY(store.commit());
        QCOMPARE(store.count(), 1);
    }
    OwnConnection own(path);
    QCOMPARE(own.value(QStringLiteral("PRAGMA user_version")).toInt(), EventStore::SchemaVersion);
    QCOMPARE(own.value(QStringLiteral("PRAGMA application_id")).toLongLong(), qint64(EventStore::ApplicationId));
    QCOMPARE(own.value(QStringLiteral("SELECT count(*) FROM events")).toInt(), 1);
}

void TestEventStore::reopeningKeepsEvents()
{
    TempHistory dir;
    const QString path = dir.path();
    QList<StoredEvent> written = {keyed(QString::fromLatin1(newKey())), keyed(QString()), fullEvent()};
    {
        EventStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QVERIFY(store.begin());
        for (StoredEvent& e : written) {
            QVERIFY(store.insert(e));
        }
        QVERIFY(store.commit());
    }
    const QString hookscopeFile = describe(QFileInfo(path));

    EventStore store;
    QVERIFY2(store.open(path, EventStore::OpenMode::MustExist), qPrintable(store.errorString()));
    QCOMPARE(store.count(), 3);
    bool ok = false;
    const QList<StoredEvent> read = readAll(store, &ok);
    QVERIFY(ok);
    QCOMPARE(idsOf(read), QList<qint64>({1, 2, 3}));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(read.at(i).idempotencyKey, written.at(i).idempotencyKey);
        QCOMPARE(read.at(i).body, written.at(i).body);
    }

    // afterId reads only what came later; returning false stops the walk.
    QList<qint64> later;
    QVERIFY(store.forEach(
        [&later](const StoredEvent& e) {
            later.append(e.id);
            return true;
        },
        1));
    QCOMPARE(later, QList<qint64>({2, 3}));
    int visits = 0;
    QVERIFY(store.forEach([&visits](const StoredEvent&) { return ++visits < 2; }));
    QCOMPARE(visits, 2);
    store.close();

    // Opening and reading an up-to-date history writes nothing to it.
    QCOMPARE(describe(QFileInfo(path)), hookscopeFile);
}

void TestEventStore::pathsAreFileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow(":memory:") << ":memory:";
    QTest::newRow("SQLite URI of an in-memory database") << "file:history.sqlite?mode=memory&cache=shared";
    QTest::newRow("plain relative path") << "history.sqlite";
}

void TestEventStore::pathsAreFileNames()
{
    QFETCH(QString, name);
    TempHistory dir;
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path(QString())));
    const auto restore = qScopeGuard([&previous] { QDir::setCurrent(previous); });

    StoredEvent e = keyed(QString::fromLatin1(newKey()));
    {
        EventStore store;
        QVERIFY2(store.open(name), qPrintable(store.errorString()));
        QVERIFY(store.begin() && store.insert(e) && store.commit());
    }
    // What was acknowledged as stored is in a file of that name, for the next store to read.
    const QString file = dir.path(QString()) + QLatin1Char('/') + name; // dir.path() refuses ":memory:"
    QVERIFY2(QFileInfo(file).isFile(), qPrintable(QDir(dir.path(QString())).entryList().join(QLatin1Char(' '))));
    EventStore reader;
    QVERIFY2(reader.open(file, EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    QCOMPARE(reader.count(), 1);
}

void TestEventStore::readerDoesNotWaitForAnOpenWriteTransaction()
{
    TempHistory dir;
    const QString path = dir.path();
    EventStore writer;
    QVERIFY2(writer.open(path), qPrintable(writer.errorString()));
    StoredEvent a = keyed(QString::fromLatin1(newKey()));
    StoredEvent b = keyed(QString::fromLatin1(newKey()));
    QVERIFY(writer.begin() && writer.insert(a) && writer.insert(b) && writer.commit());

    // The capture writer in the middle of a group commit: a write transaction held open.
    StoredEvent pending = keyed(QString::fromLatin1(newKey()));
    QVERIFY(writer.begin());
    QVERIFY(writer.insert(pending));

    // Blocking would show as the 5 s busy timeout (or a failure), not as a few milliseconds.
    QElapsedTimer timer;
    timer.start();
    EventStore reader;
    QVERIFY2(reader.open(path, EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    bool ok = false;
    const QList<StoredEvent> seen = readAll(reader, &ok);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(ok, qPrintable(reader.errorString()));
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("the reader waited %1 ms").arg(elapsed)));
    QCOMPARE(idsOf(seen), QList<qint64>({a.id, b.id})); // committed rows only

    QVERIFY2(writer.commit(), qPrintable(writer.errorString()));
    const QList<StoredEvent> after = readAll(reader, &ok);
    QVERIFY(ok);
    QCOMPARE(idsOf(after), QList<qint64>({a.id, b.id, pending.id}));
}

void TestEventStore::writerDoesNotWaitForAReader()
{
    TempHistory dir;
    const QString path = dir.path();
    EventStore writer;
    QVERIFY2(writer.open(path), qPrintable(writer.errorString()));
    StoredEvent a = keyed(QString::fromLatin1(newKey()));
    StoredEvent b = keyed(QString::fromLatin1(newKey()));
    QVERIFY(writer.begin() && writer.insert(a) && writer.insert(b) && writer.commit());

    EventStore reader;
    QVERIFY2(reader.open(path, EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    QList<qint64> seen;
    bool committed = false;
    qint64 elapsed = -1;
    StoredEvent c = keyed(QString::fromLatin1(newKey()));
    // An export in progress (its read transaction open, one row visited) while the writer commits.
    QVERIFY(reader.forEach([&](const StoredEvent& e) {
        seen.append(e.id);
        if (seen.size() == 1) {
            QElapsedTimer timer;
            timer.start();
            committed = writer.begin() && writer.insert(c) && writer.commit();
            elapsed = timer.elapsed();
        }
        return true;
    }));
    QVERIFY2(committed, qPrintable(writer.errorString()));
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("the writer waited %1 ms").arg(elapsed)));
    QCOMPARE(seen, QList<qint64>({a.id, b.id})); // the export is one consistent snapshot
    QCOMPARE(reader.count(), 3);
}

void TestEventStore::filtersHaveIndexes_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("where");
    QTest::newRow("received_at") << "received_at"
                                 << "received_at >= 1 AND received_at < 2";
    QTest::newRow("channel") << "channel"
                             << "channel = 'invoices'";
    QTest::newRow("action") << "action"
                            << "action = 'created'";
    QTest::newRow("environment") << "environment"
                                 << "environment = 'staging'";
    QTest::newRow("idempotency_key") << "idempotency_key"
                                     << "idempotency_key = 'k'";
}

void TestEventStore::filtersHaveIndexes()
{
    QFETCH(QString, column);
    QFETCH(QString, where);
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    }
    OwnConnection own(dir.path());
    // An index whose first column is the filtered one...
    const QVariantList leading
        = own.column(QStringLiteral("SELECT ii.name FROM sqlite_master AS m, pragma_index_info(m.name) AS ii"
                                    " WHERE m.type = 'index' AND m.tbl_name = 'events' AND ii.seqno = 0"));
    QVERIFY2(leading.contains(column), qPrintable(own.error()));
    // ...that SQLite actually picks for the filter (EXPLAIN QUERY PLAN's detail is column 3).
    const QVariantList plan
        = own.column(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM events WHERE %1").arg(where), 3);
    QCOMPARE(plan.size(), 1);
    const QString detail = plan.constFirst().toString();
    QVERIFY2(detail.startsWith(QLatin1String("SEARCH events USING ")) && detail.contains(QLatin1String("INDEX")),
        qPrintable(detail + own.error()));
}

void TestEventStore::quickFiltersUsePartialIndexes_data()
{
    QTest::addColumn<bool>("duplicates");
    QTest::addColumn<QString>("index");
    QTest::newRow("duplicates only") << true << "events_retries";
    QTest::newRow("with problems only") << false << "events_with_problems";
}

void TestEventStore::quickFiltersUsePartialIndexes()
{
    QFETCH(bool, duplicates);
    QFETCH(QString, index);
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    }
    EventFilter filter;
    filter.duplicatesOnly = duplicates;
    filter.problemsOnly = !duplicates;
    const EventFilter::Sql sql = filter.toSql();
    QVERIFY(sql.values.isEmpty());
    // The table's query for the filter (EventStore::ids) must walk the small partial index, not every row.
    OwnConnection own(dir.path());
    const QVariantList plan = own.column(
        QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM events WHERE id > 0 AND %1 ORDER BY id DESC").arg(sql.where),
        3);
    QVERIFY2(!plan.isEmpty(), qPrintable(own.error()));
    QVERIFY2(plan.constFirst().toString().contains(index), qPrintable(plan.constFirst().toString()));
}

/// Turns a current history into what schema 2 looked like: no data shapes, no text index, no deliveries,
/// no resource_id, events_channel on (channel, action), user_version 2.
bool downgradeToSchemaTwo(OwnConnection& own)
{
    return own.exec({QStringLiteral("DROP TABLE data_shapes"), QStringLiteral("DROP TABLE events_text"),
        QStringLiteral("DROP TABLE events_text_state"), QStringLiteral("DROP TABLE deliveries"),
        QStringLiteral("DROP INDEX events_channel"), QStringLiteral("ALTER TABLE events DROP COLUMN resource_id"),
        QStringLiteral("CREATE INDEX events_channel ON events(channel, action)"),
        QStringLiteral("PRAGMA user_version=2")});
}

void TestEventStore::migratesSchemaOneForward()
{
    TempHistory dir;
    StoredEvent first = fullEvent();
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        QVERIFY(store.begin() && store.insert(first) && store.commit());
    }
    {
        // What Hookscope's first schema looked like: none of the indexes schema 2 added, user_version 1.
        OwnConnection own(dir.path());
        QVERIFY2(downgradeToSchemaTwo(own), qPrintable(own.error()));
        QVERIFY2(own.exec({QStringLiteral("DROP INDEX events_retries"),
                     QStringLiteral("DROP INDEX events_with_problems"), QStringLiteral("DROP INDEX events_received_at"),
                     QStringLiteral("CREATE INDEX events_received_at ON events(received_at)"),
                     QStringLiteral("PRAGMA user_version=1")}),
            qPrintable(own.error()));
    }
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QCOMPARE(store.count(), 1);
    store.close();
    OwnConnection own(dir.path());
    QCOMPARE(own.value(QStringLiteral("PRAGMA user_version")).toInt(), EventStore::SchemaVersion);
    QCOMPARE(own.column(QStringLiteral("SELECT name FROM sqlite_master WHERE name IN"
                                       " ('events_retries', 'events_with_problems') ORDER BY name")),
        QVariantList({QStringLiteral("events_retries"), QStringLiteral("events_with_problems")}));
    // The time index was widened to cover the timeline's count.
    QCOMPARE(own.column(QStringLiteral("SELECT name FROM pragma_index_info('events_received_at') ORDER BY seqno")),
        QVariantList({QStringLiteral("received_at"), QStringLiteral("environment"), QStringLiteral("duplicate_of"),
            QStringLiteral("problems")}));
    QCOMPARE(own.column(QStringLiteral("SELECT name FROM pragma_index_info('events_channel') ORDER BY seqno")),
        QVariantList({QStringLiteral("channel"), QStringLiteral("resource_id"), QStringLiteral("action")}));
}

void TestEventStore::migratesResourceIds_data()
{
    QTest::addColumn<QByteArray>("body");

    const QByteArray head = R"({"event":"invoices.updated","message":"m","environment":"staging",)"
                            R"("idempotency_key":"26053e97-f78a-4d25-a519-4eed22ba5c41","data":)";
    QTest::newRow("integer") << head + R"({"id":1042}})";
    QTest::newRow("negative") << head + R"({"id":-7}})";
    QTest::newRow("string") << head + R"({"id":"inv_01HZ"}})";
    QTest::newRow("unicode string") << head + R"({"id":"caf\u00e9"}})";
    QTest::newRow("empty string") << head + R"({"id":""}})";
    QTest::newRow("fraction") << head + R"({"id":1.5}})";
    QTest::newRow("boolean") << head + R"({"id":false}})";
    QTest::newRow("null") << head + R"({"id":null}})";
    QTest::newRow("array") << head + R"({"id":[1]}})";
    QTest::newRow("no id") << head + R"({"tag":1}})";
    QTest::newRow("data is an array") << head + R"([{"id":1}]})";
    QTest::newRow("no channel") << QByteArray(R"({"message":"m","data":{"id":3}})");
    QTest::newRow("not JSON") << QByteArray(R"({"event":"invoices.updated","data":{"id":3})");
    QTest::newRow("binary") << QByteArray("\xff\xfe{\"id\":1}\0", 10);
}

void TestEventStore::migratesResourceIds()
{
    QFETCH(QByteArray, body);
    // What capture stores today, through the envelope...
    StoredEvent e = keyed(QString::fromLatin1(newKey()));
    e.body = body;
    const Envelope envelope = Envelope::parse(e.method, "application/json", body, Catalog::builtIn());
    e.event = envelope.event;
    e.channel = envelope.channel;
    e.action = envelope.action;
    e.resourceId = envelope.resourceId;
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        QVERIFY(store.begin() && store.insert(e) && store.commit());
    }
    // ...must be what the migration computes for an event stored before resource ids existed.
    {
        OwnConnection own(dir.path());
        QVERIFY2(downgradeToSchemaTwo(own), qPrintable(own.error()));
    }
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    const StoredEvent migrated = store.event(e.id);
    QCOMPARE(migrated.id, e.id);
    QCOMPARE(migrated.resourceId.isNull(), envelope.resourceId.isNull());
    QCOMPARE(migrated.resourceId, envelope.resourceId);
}

void TestEventStore::resourceHistory()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    auto make = [](const QString& channel, const QString& resourceId) {
        StoredEvent e = keyed(QString::fromLatin1(newKey()));
        e.channel = channel;
        e.resourceId = resourceId;
        return e;
    };
    const QString invoices = QStringLiteral("invoices");
    QList<StoredEvent> events = {
        make(invoices, QStringLiteral("7")), // 1
        make(QStringLiteral("bills"), QStringLiteral("7")), // 2: same id, another channel
        make(invoices, QStringLiteral("8")), // 3
        make(invoices, QStringLiteral("7")), // 4
        make(invoices, QString()), // 5: no resource
        make(invoices, QString()), // 6
        make(invoices, QStringLiteral("07")), // 7: another spelling is another resource
        make(invoices, QStringLiteral("7")), // 8
    };
    QVERIFY(store.begin());
    for (StoredEvent& e : events) {
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
    }
    QVERIFY(store.commit());
    QCOMPARE(store.resourceHistory(4), (QList<qint64> {1, 4, 8}));
    QCOMPARE(store.resourceHistory(1), (QList<qint64> {1, 4, 8}));
    QCOMPARE(store.resourceHistory(2), QList<qint64> {2});
    QCOMPARE(store.resourceHistory(3), QList<qint64> {3});
    QCOMPARE(store.resourceHistory(7), QList<qint64> {7});
    QCOMPARE(store.resourceHistory(5), QList<qint64>());
    QCOMPARE(store.resourceHistory(99), QList<qint64>());
    QCOMPARE(store.event(8).resourceId, QStringLiteral("7"));
    // Through the channel index, not a walk of every row.
    OwnConnection own(dir.path());
    QStringList plan;
    for (const QVariant& step : own.column(QStringLiteral("EXPLAIN QUERY PLAN SELECT e.id FROM events e, events r"
                                                          " WHERE r.id = 4 AND e.channel = r.channel"
                                                          " AND e.resource_id = r.resource_id ORDER BY e.id"),
             3)) {
        plan.append(step.toString());
    }
    QVERIFY2(
        plan.join(QLatin1String(" | ")).contains(QLatin1String("INDEX events_channel (channel=? AND resource_id=?)")),
        qPrintable(plan.join(QLatin1String(" | "))));
}

void TestEventStore::deliveriesFollowTheirEvents()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QList<StoredEvent> events(3, keyed(QString()));
    QVERIFY(store.begin());
    for (StoredEvent& e : events) {
        e.idempotencyKey = QString::fromLatin1(newKey());
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
    }
    QVERIFY(store.commit());

    Delivery answered;
    answered.eventId = 1;
    answered.target = QStringLiteral("http://localhost:3000/in");
    answered.method = "POST";
    answered.idempotencyKey = events[0].idempotencyKey;
    answered.sentAtMs = 1795917180123;
    answered.latencyMs = 35;
    answered.status = 422;
    answered.reason = "Unprocessable Content";
    answered.responseHeaders = {{"Content-Type", "text/plain"}, {"X-Trace", "a: b"}, {"X-Trace", "c"}};
    answered.responseBody = QByteArray("bad\0payload \xff", 13);
    answered.responseTruncated = true;
    Delivery refused;
    refused.eventId = 1;
    refused.target = QStringLiteral("http://127.0.0.1:1/");
    refused.method = "POST";
    refused.sentAtMs = 1795917190000;
    refused.error = QStringLiteral("Connection refused");
    Delivery other = refused;
    other.eventId = 2;
    for (Delivery* d : {&answered, &refused, &other}) {
        QVERIFY2(store.addDelivery(*d), qPrintable(store.errorString()));
    }
    QCOMPARE(answered.id, 1);
    QCOMPARE(other.id, 3);

    const QList<Delivery> first = store.deliveries(1);
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(0).id, refused.id); // newest first
    QCOMPARE(first.at(0).error, QStringLiteral("Connection refused"));
    QCOMPARE(first.at(0).status, 0);
    QVERIFY(first.at(0).idempotencyKey.isNull());
    const Delivery& read = first.at(1);
    QCOMPARE(read.eventId, 1);
    QCOMPARE(read.target, answered.target);
    QCOMPARE(read.method, answered.method);
    QCOMPARE(read.idempotencyKey, answered.idempotencyKey);
    QCOMPARE(read.sentAtMs, answered.sentAtMs);
    QCOMPARE(read.latencyMs, 35);
    QCOMPARE(read.status, 422);
    QCOMPARE(read.reason, answered.reason);
    QCOMPARE(flatten(read.responseHeaders), flatten(answered.responseHeaders));
    QCOMPARE(read.responseBody, answered.responseBody);
    QVERIFY(read.responseTruncated);
    QVERIFY(read.error.isEmpty());
    QCOMPARE(store.recentDeliveries(2).size(), 2);
    QCOMPARE(store.recentDeliveries(10, 1).size(), 2);

    // An event's deliveries go with it, so an id given out again starts with none.
    QVERIFY(store.remove({1}));
    QCOMPARE(store.deliveries(1).size(), 0);
    QCOMPARE(store.deliveries(2).size(), 1);
    QVERIFY(store.clear());
    QCOMPARE(store.recentDeliveries().size(), 0);
}

void TestEventStore::windowReadPath()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    // 1 and 3 share a key (3 is a retry with another body), 2 has no key, 4 repeats 1's body and key.
    const QString key = QString::fromLatin1(newKey());
    QList<StoredEvent> events(4, fullEvent());
    events[0].idempotencyKey = key;
    events[1].idempotencyKey.clear();
    events[1].problems.clear();
    events[2].idempotencyKey = key;
    events[2].body = "another body";
    events[3].idempotencyKey = key;
    QVERIFY(store.begin());
    for (StoredEvent& e : events) {
        QVERIFY2(store.insert(e), qPrintable(store.errorString()));
    }
    QVERIFY(store.commit());

    EventStore::Tally tally;
    QVERIFY(store.tally(tally));
    QCOMPARE(tally.events, 4);
    QCOMPARE(tally.duplicates, 2);
    QCOMPARE(tally.lastId, 4);
    QVERIFY(store.tally(tally, 2));
    QCOMPARE(tally.events, 2);
    QCOMPARE(tally.duplicates, 2);
    QCOMPARE(tally.lastId, 4);

    bool ok = false;
    QCOMPARE(store.ids(EventFilter(), 0, &ok), (QList<qint64> {4, 3, 2, 1}));
    QVERIFY(ok);
    QCOMPARE(store.ids(EventFilter(), 2), (QList<qint64> {4, 3}));
    EventFilter duplicates;
    duplicates.duplicatesOnly = true;
    QCOMPARE(store.ids(duplicates), (QList<qint64> {4, 3}));
    QCOMPARE(store.ids(duplicates, 3), QList<qint64> {4});

    // In the order asked, unknown ids left out; no body travels, only its length.
    const QList<EventSummary> rows = store.summaries({3, 99, 1, 2, 4});
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0).id, 3);
    QCOMPARE(rows.at(0).duplicateOf, 1);
    QVERIFY(rows.at(0).conflict);
    QCOMPARE(rows.at(0).bodySize, qint64(12));
    QCOMPARE(rows.at(1).id, 1);
    QCOMPARE(rows.at(1).copies, 3);
    QCOMPARE(rows.at(1).bodySize, events[0].body.size());
    QCOMPARE(rows.at(1).path, events[0].path);
    QCOMPARE(rows.at(1).method, events[0].method);
    QCOMPARE(rows.at(1).environment, events[0].environment);
    QVERIFY(rows.at(1).hasProblems);
    QCOMPARE(rows.at(2).id, 2);
    QCOMPARE(rows.at(2).copies, 0);
    QVERIFY(!rows.at(2).hasProblems);
    QCOMPARE(rows.at(3).id, 4);
    QVERIFY(!rows.at(3).conflict);

    const StoredEvent read = store.event(3);
    QCOMPARE(read.id, 3);
    QCOMPARE(read.body, QByteArray("another body"));
    QCOMPARE(flatten(read.headers), flatten(events[2].headers));
    QCOMPARE(store.event(99).id, 0);
    QCOMPARE(store.copies(4), (QList<qint64> {1, 3, 4}));
    QCOMPARE(store.copies(2), QList<qint64>());
    const QHash<qint64, int> counts = store.copyCounts({1, 2});
    QCOMPARE(counts.value(1), 3);
    QCOMPARE(counts.value(2), 1);
    QCOMPARE(store.retriedAfter(3), QList<qint64> {1});
    QCOMPARE(store.retriedAfter(4), QList<qint64>());
}

namespace {

/// An event whose body says "event-N" (N its place in a fresh history, so its id) and "shared",
/// after @p padding bytes of other text.
StoredEvent tagged(int n, int padding = 0)
{
    StoredEvent e = keyed(QString::fromLatin1(newKey()));
    e.body = QStringLiteral("{\"pad\":\"%1\",\"note\":\"shared text, event-%2;\"}")
                 .arg(QString(padding, QLatin1Char('p')))
                 .arg(n)
                 .toUtf8();
    return e;
}

bool insertTagged(EventStore& store, int from, int to, int padding = 0)
{
    if (!store.begin()) {
        return false;
    }
    for (int n = from; n <= to; ++n) {
        StoredEvent e = tagged(n, padding);
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

/// The events holding @p text, newest first, through EventFilter (index and all).
QList<qint64> holding(EventStore& store, const QString& text)
{
    EventFilter filter;
    filter.text = text;
    return store.ids(filter);
}

bool catchUpAll(EventStore& store)
{
    for (bool complete = false; !complete;) {
        if (!store.catchUpTextIndex(4096, &complete)) {
            return false;
        }
    }
    return true;
}

/// What the index itself holds for the trigram-only MATCH @p match, oldest first (no exact check).
QVariantList indexed(OwnConnection& own, const QString& match)
{
    return own.column(
        QStringLiteral("SELECT rowid FROM events_text WHERE events_text MATCH '%1' ORDER BY rowid").arg(match));
}

QVariantList numbers(std::initializer_list<qint64> list)
{
    QVariantList values;
    for (const qint64 n : list) {
        values.append(n);
    }
    return values;
}

IngestItem ingestItem(int n)
{
    IngestItem item;
    item.request.method = "POST";
    item.request.target = "/webhook";
    item.request.httpVersion = "HTTP/1.1";
    item.request.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
    item.request.body = QStringLiteral("{\"note\":\"live event-%1;\"}").arg(n).toUtf8();
    item.request.remote = QStringLiteral("127.0.0.1:4000");
    item.request.receivedAtMs = 1795917180000 + n;
    item.sequence = quint64(n);
    return item;
}

} // namespace

void TestEventStore::textIndexFollowsDeletes()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QVERIFY(insertTagged(store, 1, 6));
    QVERIFY2(catchUpAll(store), qPrintable(store.errorString()));
    QCOMPARE(store.textIndexedUpTo(), 6);
    OwnConnection own(dir.path());
    const QString shared = QStringLiteral("\"sha\" AND \"red\"");
    QCOMPARE(indexed(own, shared), numbers({1, 2, 3, 4, 5, 6}));

    // Deleted events leave the index with their text; the others stay found through it.
    QVERIFY2(store.remove({2, 5}), qPrintable(store.errorString()));
    QCOMPARE(indexed(own, shared), numbers({1, 3, 4, 6}));
    QCOMPARE(holding(store, QStringLiteral("event-2;")), QList<qint64>());
    QCOMPARE(holding(store, QStringLiteral("shared text")), (QList<qint64> {6, 4, 3, 1}));
    QCOMPARE(store.textIndexedUpTo(), 6);

    // Deleting the newest events frees their ids for the next ones: the index's end comes down.
    QVERIFY(store.remove({6}));
    QCOMPARE(store.textIndexedUpTo(), 4);
    QVERIFY(insertTagged(store, 105, 106)); // ids 5 and 6 again, not indexed yet
    QCOMPARE(holding(store, QStringLiteral("event-105;")), QList<qint64> {5});
    QCOMPARE(holding(store, QStringLiteral("event-5;")), QList<qint64>());
    QCOMPARE(holding(store, QStringLiteral("shared text")), (QList<qint64> {6, 5, 4, 3, 1}));
    // An event deleted before it was indexed takes nothing out of the index.
    QVERIFY(store.remove({6}));
    QVERIFY2(catchUpAll(store), qPrintable(store.errorString()));
    QCOMPARE(store.textIndexedUpTo(), 5);
    QCOMPARE(indexed(own, shared), numbers({1, 3, 4, 5}));
    QCOMPARE(holding(store, QStringLiteral("event-105;")), QList<qint64> {5});
    QCOMPARE(
        own.column(QStringLiteral("INSERT INTO events_text (events_text) VALUES ('integrity-check')")), QVariantList());

    QVERIFY2(store.clear(), qPrintable(store.errorString()));
    QCOMPARE(store.textIndexedUpTo(), 0);
    QCOMPARE(indexed(own, shared), QVariantList());
    QVERIFY(insertTagged(store, 201, 202));
    QCOMPARE(holding(store, QStringLiteral("shared text")), (QList<qint64> {2, 1}));
    QVERIFY(catchUpAll(store));
    QCOMPARE(indexed(own, shared), numbers({1, 2}));
    QCOMPARE(holding(store, QStringLiteral("event-202;")), QList<qint64> {2});
    QCOMPARE(
        own.column(QStringLiteral("INSERT INTO events_text (events_text) VALUES ('integrity-check')")), QVariantList());
}

void TestEventStore::migratesToTheTextIndex()
{
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        QVERIFY(insertTagged(store, 1, 40));
    }
    {
        // What schema 4 looked like: without the text index (5) and the data shapes (6).
        OwnConnection own(dir.path());
        QVERIFY2(own.exec({QStringLiteral("DROP TABLE data_shapes"), QStringLiteral("DROP TABLE events_text"),
                     QStringLiteral("DROP TABLE events_text_state"), QStringLiteral("PRAGMA user_version=4")}),
            qPrintable(own.error()));
    }
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    // The index starts empty: the filter still finds everything, by reading the events.
    QCOMPARE(store.textIndexedUpTo(), 0);
    QCOMPARE(holding(store, QStringLiteral("EVENT-17;")), QList<qint64> {17});
    QCOMPARE(holding(store, QStringLiteral("shared text")).size(), 40);
    QVERIFY2(catchUpAll(store), qPrintable(store.errorString()));
    QCOMPARE(store.textIndexedUpTo(), 40);
    QCOMPARE(holding(store, QStringLiteral("EVENT-17;")), QList<qint64> {17});
    OwnConnection own(dir.path());
    QCOMPARE(own.value(QStringLiteral("PRAGMA user_version")).toInt(), EventStore::SchemaVersion);
    QCOMPARE(indexed(own, QStringLiteral("\"-17\" AND \"17;\"")), numbers({17}));
}

void TestEventStore::textFilterUsesTheIndex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("indexed");
    QTest::newRow("three characters") << "abc" << true;
    QTest::newRow("a sentence") << "Ama Mensah paid" << true;
    QTest::newRow("two characters: no trigram") << "ab" << false;
}

void TestEventStore::textFilterUsesTheIndex()
{
    QFETCH(QString, text);
    QFETCH(bool, indexed);
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    }
    EventFilter filter;
    filter.text = text;
    // Unbound values for the plan, which does not depend on them (and OwnConnection binds none).
    const QString where = filter.toSql().where.replace(QLatin1Char('?'), QLatin1String("NULL"));
    OwnConnection own(dir.path());
    // The table's list (EventStore::ids), the export's walk (forEach) and the count.
    const QStringList queries = {QStringLiteral("SELECT id FROM events WHERE id > 0 AND %1 ORDER BY id DESC"),
        QStringLiteral("SELECT id FROM events WHERE %1 AND id > 0 ORDER BY id"),
        QStringLiteral("SELECT count(*) FROM events WHERE %1")};
    for (const QString& query : queries) {
        QStringList plan;
        for (const QVariant& step : own.column(QStringLiteral("EXPLAIN QUERY PLAN ") + query.arg(where), 3)) {
            plan.append(step.toString());
        }
        const QString steps = plan.join(QLatin1String(" | "));
        QVERIFY2(!plan.isEmpty(), qPrintable(own.error()));
        QVERIFY2(steps.contains(QLatin1String("events_text")) == indexed, qPrintable(steps));
        if (indexed) {
            // Through the index, then only its candidates' rows, by id; never a walk of every row.
            QVERIFY2(steps.contains(QLatin1String("SCAN events_text VIRTUAL TABLE INDEX"))
                    && steps.contains(QLatin1String("SEARCH events USING INTEGER PRIMARY KEY (rowid=?)"))
                    && !plan.contains(QStringLiteral("SCAN events")),
                qPrintable(steps));
        }
    }
}

void TestEventStore::indexTextKeepsToItsBudget()
{
    TempHistory dir;
    EventStore store;
    QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
    QList<StoredEvent> events(3, keyed(QString()));
    QVERIFY(store.begin());
    for (StoredEvent& e : events) {
        e.body = QByteArray(1000, 'x');
        QVERIFY(store.insert(e));
    }
    QVERIFY(store.commit());
    const qint64 size = events[0].body.size() + StoredEvent::encodeHeaders(events[0].headers).size();

    QVERIFY(store.begin());
    bool complete = true;
    // Capture's way (nothing when even one event is over the budget) and the idle way (at least one).
    QVERIFY2(store.indexText(size - 1, false, &complete), qPrintable(store.errorString()));
    QVERIFY(!complete);
    QCOMPARE(store.textIndexedUpTo(), 0);
    QVERIFY(store.indexText(size - 1, true, &complete));
    QVERIFY(!complete);
    QCOMPARE(store.textIndexedUpTo(), 1);
    QVERIFY(store.indexText(2 * size, false, &complete));
    QVERIFY(complete);
    QCOMPARE(store.textIndexedUpTo(), 3);
    QVERIFY(store.indexText(size, false, &complete));
    QVERIFY(complete);
    QVERIFY(store.commit());
    QCOMPARE(store.textIndexedUpTo(), 3);
}

void TestEventStore::writerIndexesWhenIdle()
{
    TempHistory dir;
    {
        // A history from before the index: nothing of it is indexed.
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        QVERIFY(insertTagged(store, 1, 300));
        OwnConnection own(dir.path());
        QVERIFY(own.exec({QStringLiteral("UPDATE events_text_state SET indexed_up_to = 0"),
            QStringLiteral("INSERT INTO events_text (events_text) VALUES ('delete-all')")}));
    }
    std::atomic<int> stored {0};
    EventWriter writer(dir.path(), [&stored](IngestResults&& results) {
        for (const IngestResult& result : results) {
            stored += result.eventId > 0 ? 1 : 0;
        }
    });
    QVERIFY2(writer.startAndOpen(), qPrintable(writer.errorString()));
    EventStore reader;
    QVERIFY2(reader.open(dir.path(), EventStore::OpenMode::MustExist), qPrintable(reader.errorString()));
    // With nothing arriving, the writer indexes the old events.
    QTRY_COMPARE_WITH_TIMEOUT(reader.textIndexedUpTo(), 300, 30000);

    // A burst, then quiet: the index catches up with everything captured.
    for (int n = 1; n <= 1000; ++n) {
        writer.submit(ingestItem(n));
    }
    QTRY_COMPARE_WITH_TIMEOUT(stored.load(), 1000, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(reader.textIndexedUpTo(), 1300, 30000);
    // A trickle, one event at a time: indexed as well.
    for (int n = 1001; n <= 1010; ++n) {
        writer.submit(ingestItem(n));
        QTRY_COMPARE_WITH_TIMEOUT(stored.load(), n, 30000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(reader.textIndexedUpTo(), 1310, 30000);
    writer.stopAndDrain();
    QCOMPARE(holding(reader, QStringLiteral("live event-1000;")), QList<qint64> {1300});
    QCOMPARE(holding(reader, QStringLiteral(", EVENT-299;")), QList<qint64> {299});
    OwnConnection own(dir.path());
    QCOMPARE(indexed(own, QStringLiteral("\"liv\" AND \"ve \"")).size(), 1010);
}

void TestEventStore::indexStaysRightWhileTheWindowDeletes()
{
    TempHistory dir;
    {
        EventStore store;
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        // Large enough for the writer to index them in many transactions, between the deletes.
        QVERIFY(insertTagged(store, 1, 600, 4000));
        OwnConnection own(dir.path());
        QVERIFY(own.exec({QStringLiteral("UPDATE events_text_state SET indexed_up_to = 0"),
            QStringLiteral("INSERT INTO events_text (events_text) VALUES ('delete-all')")}));
    }
    EventWriter writer(dir.path(), [](IngestResults&&) {});
    QVERIFY2(writer.startAndOpen(), qPrintable(writer.errorString()));
    // The window deletes while the writer indexes in the background, and capture goes on.
    EventStore window;
    QVERIFY2(window.open(dir.path(), EventStore::OpenMode::MustExist), qPrintable(window.errorString()));
    QList<qint64> left;
    for (qint64 id = 1; id <= 600; ++id) {
        left.append(id);
    }
    for (int round = 0; round < 20; ++round) {
        QList<qint64> doomed;
        for (qint64 id = 1 + round; id <= 600; id += 23) {
            doomed.append(id);
        }
        QVERIFY2(window.remove(doomed), qPrintable(window.errorString()));
        for (const qint64 id : doomed) {
            left.removeAll(id);
        }
        writer.submit(ingestItem(round));
        QTest::qWait(5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(holding(window, QStringLiteral("live event-")).size(), 20, 30000);
    const qint64 newest = holding(window, QStringLiteral("live event-")).constFirst();
    QTRY_COMPARE_WITH_TIMEOUT(window.textIndexedUpTo(), newest, 30000);
    writer.stopAndDrain();

    std::sort(left.begin(), left.end(), std::greater<qint64>());
    QCOMPARE(holding(window, QStringLiteral("shared text")), left);
    OwnConnection own(dir.path());
    QCOMPARE(indexed(own, QStringLiteral("\"sha\" AND \"red\"")).size(), left.size());
    QCOMPARE(indexed(own, QStringLiteral("\"liv\" AND \"ve \"")).size(), 20);
    QCOMPARE(
        own.column(QStringLiteral("INSERT INTO events_text (events_text) VALUES ('integrity-check')")), QVariantList());
}

void TestEventStore::newestThroughTheIndex_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<qint64>("afterId");
    QTest::addColumn<QList<qint64>>("ids");
    // In a history of 30,000 events the rare word is in events 3, 5000, 29990 and 29999, so the
    // newest come from windows of several widths below the newest id.
    QTest::newRow("the newest one") << 1 << qint64(0) << QList<qint64> {29999};
    QTest::newRow("two, one window") << 2 << qint64(0) << QList<qint64> {29999, 29990};
    QTest::newRow("three, wider windows") << 3 << qint64(0) << QList<qint64> {29999, 29990, 5000};
    QTest::newRow("more than there are") << 10 << qint64(0) << QList<qint64> {29999, 29990, 5000, 3};
    QTest::newRow("above an id") << 10 << qint64(3) << QList<qint64> {29999, 29990, 5000};
    QTest::newRow("above an id inside the first window") << 10 << qint64(29990) << QList<qint64> {29999};
    QTest::newRow("none above the newest") << 10 << qint64(29999) << QList<qint64>();
}

void TestEventStore::newestThroughTheIndex()
{
    QFETCH(int, limit);
    QFETCH(qint64, afterId);
    QFETCH(QList<qint64>, ids);
    static TempHistory dir;
    static EventStore store;
    if (!store.isOpen()) {
        QVERIFY2(store.open(dir.path()), qPrintable(store.errorString()));
        QVERIFY(store.begin());
        for (int n = 1; n <= 29999; ++n) {
            StoredEvent e = keyed(QString());
            e.body = n == 3 || n == 5000 || n == 29990 || n == 29999 ? "rare word" : "common word";
            QVERIFY(store.insert(e));
        }
        QVERIFY(store.commit());
        // The newest events not indexed yet, as capture leaves them.
        while (store.textIndexedUpTo() < 20000) {
            QVERIFY2(store.catchUpTextIndex(10000), qPrintable(store.errorString()));
        }
        QVERIFY(store.textIndexedUpTo() < 29990);
    }
    EventFilter rare;
    rare.text = QStringLiteral("RARE WORD");
    bool ok = false;
    QCOMPARE(store.ids(rare, afterId, &ok, limit), ids);
    QVERIFY(ok);
    // A common word: the newest, from the first window.
    EventFilter common;
    common.text = QStringLiteral("common");
    QList<qint64> newest;
    for (qint64 id = 29998; newest.size() < limit && id > afterId; --id) {
        if (id != 29990 && id != 5000 && id != 3) {
            newest.append(id);
        }
    }
    QCOMPARE(store.ids(common, afterId, &ok, limit), newest);
    QVERIFY(ok);
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "TestEventStore.moc"
