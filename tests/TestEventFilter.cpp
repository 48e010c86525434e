#include "EventFilter.h"
#include "EventStore.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

Q_DECLARE_METATYPE(EventFilter)

namespace {

constexpr qint64 T0 = 1795917180000; // 2026-11-29T09:53:00Z

StoredEvent event(qint64 at, const QByteArray& body)
{
    StoredEvent e;
    e.receivedAtMs = at;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
    e.body = body;
    e.contentType = "application/json";
    e.responseStatus = 200;
    return e;
}

void setEnvelope(StoredEvent& e, const QString& channel, const QString& action, const QString& environment,
    const QString& key = QString::fromLatin1(newKey()))
{
    e.channel = channel;
    e.action = action;
    e.event = channel + QLatin1Char('.') + action;
    e.environment = environment;
    e.idempotencyKey = key;
}

/// The history every row filters: ids 1 to 9, one second apart from T0, each with something to find.
QList<StoredEvent> history()
{
    const QString key = QString::fromLatin1(newKey());
    QList<StoredEvent> events;

    // 1: an invoice on staging, with a header that only it carries.
    StoredEvent e = event(T0, providerWebhook("invoices.created", key.toLatin1(), "staging"));
    setEnvelope(e, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"), key);
    e.headers.append(HttpHeader {"X-Trace", "Abc-Header-Only"});
    events.append(e);

    // 2: its retry (same key: duplicate_of = 1), on production.
    e = event(T0 + 1000, providerWebhook("invoices.created", key.toLatin1(), "production"));
    setEnvelope(e, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("production"), key);
    events.append(e);

    // 3: no environment in the envelope, and a problem.
    e = event(T0 + 2000, "{\"event\":\"business_loans.deleted\",\"data\":{}}");
    setEnvelope(e, QStringLiteral("business_loans"), QStringLiteral("deleted"), QString());
    e.problems = {QStringLiteral("missing field: environment")};
    events.append(e);

    // 4: a form, not an envelope, PUT to another path.
    e = event(T0 + 3000, "name=Ada&city=London");
    e.method = "PUT";
    e.target = "/forms/submit?x=1";
    e.path = "/forms/submit";
    e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/x-www-form-urlencoded"}};
    e.contentType = "application/x-www-form-urlencoded";
    e.problems = {QStringLiteral("body is not JSON")};
    events.append(e);

    // 5: non-ASCII text (UTF-8), an environment that is neither staging nor production.
    e = event(T0 + 4000,
        QStringLiteral("{\"event\":\"customers.updated\",\"message\":\"Gr\u00fc\u00dfe aus K\u00d6LN\"}").toUtf8());
    setEnvelope(e, QStringLiteral("customers"), QStringLiteral("updated"), QStringLiteral("sandbox"));
    events.append(e);

    // 6: LIKE's wildcards as plain characters.
    e = event(T0 + 5000, "progress: 100% sure_thing");
    events.append(e);

    // 7: what those wildcards would match if they were wildcards.
    e = event(T0 + 6000, "progress: 1000 surexthing");
    events.append(e);

    // 8: binary, with text after a NUL byte; a path with a byte that is not UTF-8.
    e = event(T0 + 7000, QByteArray("\xff\x00\xfe Needle-After-Nul \x00", 21));
    e.contentType = "application/octet-stream";
    e.target = "/hooks/caf\xe9";
    e.path = "/hooks/caf\xe9";
    events.append(e);

    // 9: "café" in a Latin-1 header value and nowhere else; an empty environment string.
    e = event(T0 + 8000, "{}");
    setEnvelope(e, QStringLiteral("invoices"), QStringLiteral("deleted"), QStringLiteral(""));
    e.headers.append(HttpHeader {"X-Place", "caf\xe9"});
    events.append(e);
    return events;
}

EventFilter channels(const QStringList& list)
{
    EventFilter f;
    f.channels = list;
    return f;
}

EventFilter actions(const QStringList& list)
{
    EventFilter f;
    f.actions = list;
    return f;
}

EventFilter environments(const QStringList& list)
{
    EventFilter f;
    f.environments = list;
    return f;
}

EventFilter search(const QString& text)
{
    EventFilter f;
    f.text = text;
    return f;
}

EventFilter between(qint64 since, qint64 until)
{
    EventFilter f;
    f.since = since;
    f.until = until;
    return f;
}

/// All of a string literal's bytes, NUL bytes included.
template<qsizetype N> QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

StoredEvent textEvent(const QByteArray& body, const HttpHeaders& extraHeaders = {})
{
    StoredEvent e = event(T0, body);
    e.headers += extraHeaders;
    return e;
}

/// Bodies and headers that a trigram index could get wrong, for the index's rows: ids 1 to 18 in order.
QList<StoredEvent> textHistory()
{
    QList<StoredEvent> events;
    events.append(textEvent("Hello World, INVOICE inv_01HZ paid")); // 1
    events.append(textEvent("{\"message\":\"Gr\u00fc\u00dfe aus K\u00d6LN\",\"emoji\":\"\U0001F600 party\"}")); // 2
    events.append(textEvent(bytes("\0\0lead NUL then Needle-After-Nul\0tail"))); // 3
    // "caf\u00e9" (valid) with a stray continuation byte after it, then bytes that start nothing.
    events.append(textEvent("caf\xc3\xa9\xa9 au lait \xff\xfe end")); // 4
    events.append(textEvent("caf\xe9 cr\xe8me")); // 5: Latin-1
    // An overlong '/', a UTF-16 surrogate, a code point above U+10FFFF, a character cut short.
    events.append(textEvent("\xc0\xaf slash \xed\xa0\x80 surrogate \xf4\x90\x80\x80 big \xe2\x82")); // 6
    events.append(textEvent("progress: 100% sure_thing and 50%_off")); // 7
    events.append(textEvent("progress: 1000 surexthing")); // 8
    events.append(textEvent("{}", {{"X-Trace", "Abc-Header-Only"}, {"X-Place", "caf\xe9"}})); // 9
    events.append(textEvent("say \"hello\" AND NEAR(a b) OR NOT x* ^start col:val -minus +plus")); // 10
    events.append(textEvent("it's a 'quoted' \"double\" text")); // 11
    events.append(textEvent("replacement \xef\xbf\xbd char, nonchar \xef\xbf\xbe here")); // 12
    events.append(textEvent("aaaaaaaaaa bbbbbbbbbbbb")); // 13
    events.append(textEvent("C:\\path\\to")); // 14
    events.append(textEvent("x 5\u212a y")); // 15: KELVIN SIGN, which case folding turns into 'k'
    events.append(textEvent("line one\r\nline two")); // 16
    events.append(textEvent("")); // 17
    // 18: large, the words at its end.
    events.append(textEvent(QByteArray(100000, 'z') + "the quick brown fox jumps over the lazy dog"));
    return events;
}

QByteArray foldAscii(QByteArray bytes)
{
    for (char& c : bytes) {
        if (c >= 'A' && c <= 'Z') {
            c = char(c - 'A' + 'a');
        }
    }
    return bytes;
}

/// What the text filter must find, by its documented semantics and nothing else: the ids of
/// @p events whose body or header block holds @p text's UTF-8 bytes, ASCII letters in any case; newest first.
QList<qint64> holding(const QList<StoredEvent>& events, const QString& text)
{
    const QByteArray needle = foldAscii(text.toUtf8());
    QList<qint64> ids;
    for (const StoredEvent& e : events) {
        if (foldAscii(e.body).contains(needle) || foldAscii(StoredEvent::encodeHeaders(e.headers)).contains(needle)) {
            ids.prepend(e.id);
        }
    }
    return ids;
}

QString listed(const QList<qint64>& ids)
{
    QStringList list;
    for (const qint64 id : ids) {
        list.append(QString::number(id));
    }
    return QLatin1Char('[') + list.join(QLatin1Char(',')) + QLatin1Char(']');
}

/// Indexes everything in small transactions (several per history); false on failure.
bool catchUp(EventStore& store)
{
    for (bool complete = false; !complete;) {
        if (!store.catchUpTextIndex(2000, &complete)) {
            return false;
        }
    }
    return true;
}

} // namespace

class TestEventFilter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void filters_data();
    void filters();
    void timeRangeWithTimesOutOfOrder_data();
    void timeRangeWithTimesOutOfOrder();
    void afterIdAndEarlyStop();
    void emptinessAndEquality_data();
    void emptinessAndEquality();
    void sqlIsOneExpressionWithItsValues();
    void textThroughTheIndex_data();
    void textThroughTheIndex();
    void textWithOtherFields();

private:
    bool fillTextHistories();
    /// The scan's answer for @p filter on @p path's history, on a connection of the test's own.
    QList<qint64> scanned(const QString& path, const EventFilter& filter, QString* error);

    TempHistory m_dir;
    EventStore m_store;
    // textHistory() three times: its text index empty, holding ids 1-9 only, complete.
    QList<StoredEvent> m_textEvents;
    EventStore m_textUnindexed;
    EventStore m_textHalfIndexed;
    EventStore m_textIndexed;
};

void TestEventFilter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_store.open(m_dir.path()), qPrintable(m_store.errorString()));
    QList<StoredEvent> events = history();
    QVERIFY(m_store.begin());
    for (StoredEvent& e : events) {
        QVERIFY2(m_store.insert(e), qPrintable(m_store.errorString()));
    }
    QVERIFY(m_store.commit());
    QCOMPARE(m_store.count(), 9);
    QCOMPARE(events.at(1).duplicateOf, 1);
    QVERIFY2(fillTextHistories(), qPrintable(m_textIndexed.errorString() + m_textHalfIndexed.errorString()));
}

void TestEventFilter::cleanupTestCase()
{
    m_store.close();
    m_textUnindexed.close();
    m_textHalfIndexed.close();
    m_textIndexed.close();
}

bool TestEventFilter::fillTextHistories()
{
    m_textEvents = textHistory();
    const qsizetype half = m_textEvents.size() / 2;
    const struct
    {
        EventStore& store;
        const char* name;
        int indexedHalves;
    } histories[] = {{m_textUnindexed, "unindexed", 0}, {m_textHalfIndexed, "half", 1}, {m_textIndexed, "indexed", 2}};
    for (const auto& h : histories) {
        if (!h.store.open(m_dir.path(QString::fromLatin1(h.name) + QStringLiteral(".sqlite")))) {
            return false;
        }
        for (int part = 0; part < 2; ++part) {
            if (!h.store.begin()) {
                return false;
            }
            for (qsizetype i = part * half; i < (part == 0 ? half : m_textEvents.size()); ++i) {
                if (!h.store.insert(m_textEvents[i])) {
                    return false;
                }
            }
            if (!h.store.commit() || (part < h.indexedHalves && !catchUp(h.store))) {
                return false;
            }
        }
    }
    return m_textUnindexed.textIndexedUpTo() == 0 && m_textHalfIndexed.textIndexedUpTo() == half
        && m_textIndexed.textIndexedUpTo() == m_textEvents.size();
}

QList<qint64> TestEventFilter::scanned(const QString& path, const EventFilter& filter, QString* error)
{
    QList<qint64> ids;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("scan"));
        db.setDatabaseName(path);
        const EventFilter::Sql sql = filter.toSql(0, EventFilter::TextSearch::Scan);
        QSqlQuery q(db);
        if (!db.open()
            || !q.prepare(QStringLiteral("SELECT id FROM events WHERE %1 ORDER BY id DESC").arg(sql.where))) {
            *error = q.lastError().text();
        }
        for (const QVariant& value : sql.values) {
            q.addBindValue(value);
        }
        if (!q.exec()) {
            *error = q.lastError().text();
        }
        while (q.next()) {
            ids.append(q.value(0).toLongLong());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("scan"));
    return ids;
}

void TestEventFilter::filters_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QList<qint64>>("ids");
    using Ids = QList<qint64>;
    const auto s = [](const char* text) { return QString::fromUtf8(text); };

    QTest::newRow("empty filter: everything") << EventFilter() << Ids {1, 2, 3, 4, 5, 6, 7, 8, 9};

    QTest::newRow("channel") << channels({s("invoices")}) << Ids {1, 2, 9};
    QTest::newRow("two channels") << channels({s("invoices"), s("customers")}) << Ids {1, 2, 5, 9};
    QTest::newRow("channel '' = no channel") << channels({QString()}) << Ids {4, 6, 7, 8};
    QTest::newRow("channel and no channel") << channels({s("business_loans"), s("")}) << Ids {3, 4, 6, 7, 8};
    QTest::newRow("channel is exact, not a prefix") << channels({s("invoice")}) << Ids {};
    QTest::newRow("channel is case-sensitive") << channels({s("Invoices")}) << Ids {};

    QTest::newRow("action") << actions({s("deleted")}) << Ids {3, 9};
    QTest::newRow("two actions") << actions({s("created"), s("updated")}) << Ids {1, 2, 5};
    QTest::newRow("action '' = no action") << actions({s("")}) << Ids {4, 6, 7, 8};

    QTest::newRow("environment staging") << environments({s("staging")}) << Ids {1};
    QTest::newRow("environment production") << environments({s("production")}) << Ids {2};
    QTest::newRow("environment other: none, empty or unknown")
        << environments({s("other")}) << Ids {3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("environment '' = none or empty") << environments({s("")}) << Ids {3, 4, 6, 7, 8, 9};
    QTest::newRow("environment staging or other")
        << environments({s("staging"), s("other")}) << Ids {1, 3, 4, 5, 6, 7, 8, 9};
    QTest::newRow("environment exact unknown one") << environments({s("sandbox")}) << Ids {5};

    QTest::newRow("search in body") << search(s("business_loans")) << Ids {3};
    QTest::newRow("search ignores ASCII case") << search(s("LONDON")) << Ids {4};
    QTest::newRow("search in the header block only") << search(s("abc-header-only")) << Ids {1};
    QTest::newRow("search a header name and value") << search(s("content-type: application/x-www")) << Ids {4};
    QTest::newRow("search '%' matches itself") << search(s("100%")) << Ids {6};
    QTest::newRow("search '_' matches itself") << search(s("sure_thing")) << Ids {6};
    QTest::newRow("search '%' alone") << search(s("%")) << Ids {6};
    QTest::newRow("search a backslash") << search(s("\\")) << Ids {};
    QTest::newRow("search non-ASCII UTF-8") << search(s("Grüße")) << Ids {5};
    QTest::newRow("search non-ASCII, ASCII letters folded") << search(s("gRüßE AUS KÖLN")) << Ids {5};
    QTest::newRow("search non-ASCII letters keep their case") << search(s("köln")) << Ids {};
    QTest::newRow("search in the middle of a character") << search(s("ü")) << Ids {5};
    QTest::newRow("search after a NUL byte") << search(s("needle-after-nul")) << Ids {8};
    QTest::newRow("search UTF-8 does not match Latin-1 bytes") << search(s("café")) << Ids {};
    QTest::newRow("search in every event") << search(s("127.0.0.1:8787")) << Ids {1, 2, 3, 4, 5, 6, 7, 8, 9};

    QTest::newRow("since is inclusive") << between(T0 + 7000, 0) << Ids {8, 9};
    QTest::newRow("until is exclusive") << between(0, T0 + 2000) << Ids {1, 2};
    QTest::newRow("since and until") << between(T0 + 1000, T0 + 3000) << Ids {2, 3};
    QTest::newRow("until one ms later") << between(T0 + 1000, T0 + 1001) << Ids {2};
    QTest::newRow("since after until") << between(T0 + 3000, T0 + 1000) << Ids {};

    EventFilter f;
    f.duplicatesOnly = true;
    QTest::newRow("duplicates only") << f << Ids {2};
    f = EventFilter();
    f.problemsOnly = true;
    QTest::newRow("problems only") << f << Ids {3, 4};
    f = EventFilter();
    f.method = s("PUT");
    QTest::newRow("method") << f << Ids {4};
    f.method = s("put");
    QTest::newRow("method is case-sensitive") << f << Ids {};
    f = EventFilter();
    f.pathContains = s("/forms");
    QTest::newRow("path contains") << f << Ids {4};
    f.pathContains = s("webhook");
    QTest::newRow("path contains, many") << f << Ids {1, 2, 3, 5, 6, 7, 9};
    f.pathContains = s("WEBHOOK");
    QTest::newRow("path is case-sensitive") << f << Ids {};
    f.pathContains = s("%");
    QTest::newRow("path '%' matches itself") << f << Ids {};

    f = channels({s("invoices")});
    f.environments = {s("production")};
    QTest::newRow("channel and environment") << f << Ids {2};
    f = search(s("invoices"));
    f.duplicatesOnly = true;
    QTest::newRow("search and duplicates") << f << Ids {2};
    f = EventFilter();
    f.problemsOnly = true;
    f.method = s("POST");
    QTest::newRow("problems and method") << f << Ids {3};
    f = channels({s("")});
    f.environments = {s("other")};
    f.since = T0 + 5000;
    f.text = s("thing");
    QTest::newRow("no channel, other environment, since, search") << f << Ids {6, 7};
    f = channels({s("invoices"), s("")});
    f.actions = {s("deleted"), s("")};
    f.until = T0 + 8000;
    QTest::newRow("lists with '' and until") << f << Ids {4, 6, 7, 8};
}

void TestEventFilter::filters()
{
    QFETCH(EventFilter, filter);
    QFETCH(QList<qint64>, ids);
    QList<qint64> seen;
    QVERIFY2(m_store.forEach(filter,
                 [&seen](const StoredEvent& e) {
                     seen.append(e.id);
                     return true;
                 }),
        qPrintable(m_store.errorString()));
    QCOMPARE(seen, ids);
    QCOMPARE(m_store.count(filter), qint64(ids.size()));
    // The table's lists: newest first, every id or the newest few.
    QList<qint64> newestFirst(ids.crbegin(), ids.crend());
    bool ok = false;
    QCOMPARE(m_store.ids(filter, 0, &ok), newestFirst);
    QVERIFY(ok);
    QCOMPARE(m_store.ids(filter, 0, &ok, 2), newestFirst.mid(0, 2));
    QVERIFY(ok);
}

void TestEventFilter::timeRangeWithTimesOutOfOrder_data()
{
    QTest::addColumn<qint64>("since");
    QTest::addColumn<qint64>("until");
    QTest::addColumn<qint64>("afterId");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<qint64>>("ids");
    using Ids = QList<qint64>;
    // received_at by id: 1: +5 s, 2: +1 s, 3: +3 s, 4: +2 s (imported later), 5: +6 s, 6: +2 s.
    QTest::newRow("every time") << T0 << T0 + 10000 << qint64(0) << 0 << Ids {6, 5, 4, 3, 2, 1};
    QTest::newRow("the oldest second") << T0 + 1000 << T0 + 2000 << qint64(0) << 0 << Ids {2};
    QTest::newRow("a second two events share") << T0 + 2000 << T0 + 3000 << qint64(0) << 0 << Ids {6, 4};
    QTest::newRow("ids below and above the range's ends")
        << T0 + 2000 << T0 + 5001 << qint64(0) << 0 << Ids {6, 4, 3, 1};
    QTest::newRow("the newest of them") << T0 + 2000 << T0 + 5001 << qint64(0) << 1 << Ids {6};
    QTest::newRow("after an id") << T0 + 2000 << T0 + 5001 << qint64(3) << 0 << Ids {6, 4};
    QTest::newRow("since only") << T0 + 5000 << qint64(0) << qint64(0) << 0 << Ids {5, 1};
    QTest::newRow("until only") << qint64(0) << T0 + 2000 << qint64(0) << 2 << Ids {2};
    QTest::newRow("nothing in the range") << T0 + 7000 << T0 + 9000 << qint64(0) << 0 << Ids {};
    QTest::newRow("nothing after the id") << T0 + 1000 << T0 + 2000 << qint64(2) << 0 << Ids {};
    // The first and last ids' times in the range: both ends known without reading the index.
    QTest::newRow("the whole span") << T0 + 1000 << T0 + 6001 << qint64(0) << 0 << Ids {6, 5, 4, 3, 2, 1};
    QTest::newRow("the whole span, the newest three") << T0 << qint64(0) << qint64(0) << 3 << Ids {6, 5, 4};
}

void TestEventFilter::timeRangeWithTimesOutOfOrder()
{
    QFETCH(qint64, since);
    QFETCH(qint64, until);
    QFETCH(qint64, afterId);
    QFETCH(int, limit);
    QFETCH(QList<qint64>, ids);
    // The range's ids bound the walk over the rowids; imported events break the order of times
    // and ids, and must not fall out of it.
    EventStore empty;
    QVERIFY2(empty.open(m_dir.path(QStringLiteral("empty.sqlite"))), qPrintable(empty.errorString()));
    EventFilter range;
    range.since = since;
    range.until = until;
    bool read = false;
    QCOMPARE(empty.ids(range, afterId, &read, limit), QList<qint64>());
    QVERIFY(read);
    EventStore store;
    QVERIFY2(store.open(m_dir.path(QStringLiteral("times.sqlite"))), qPrintable(store.errorString()));
    if (store.count() == 0) {
        QVERIFY(store.begin());
        for (const qint64 seconds : {5, 1, 3, 2, 6, 2}) {
            StoredEvent e = ::event(T0 + seconds * 1000, "{}");
            QVERIFY2(store.insert(e), qPrintable(store.errorString()));
        }
        QVERIFY(store.commit());
    }
    EventFilter f;
    f.since = since;
    f.until = until;
    bool ok = false;
    QCOMPARE(store.ids(f, afterId, &ok, limit), ids);
    QVERIFY(ok);
    // The same through the text index's path (every header block says "json").
    f.text = QStringLiteral("JSON");
    QCOMPARE(store.ids(f, afterId, &ok, limit), ids);
    QVERIFY(ok);
}

void TestEventFilter::afterIdAndEarlyStop()
{
    const EventFilter noChannel = channels({QString()});
    QList<qint64> seen;
    QVERIFY(m_store.forEach(
        noChannel,
        [&seen](const StoredEvent& e) {
            seen.append(e.id);
            return true;
        },
        4));
    QCOMPARE(seen, QList<qint64>({6, 7, 8}));
    seen.clear();
    QVERIFY(m_store.forEach(noChannel, [&seen](const StoredEvent& e) {
        seen.append(e.id);
        return seen.size() < 2;
    }));
    QCOMPARE(seen, QList<qint64>({4, 6}));
    // The rows are whole events, not just ids.
    QList<StoredEvent> found;
    QVERIFY(m_store.forEach(search(QStringLiteral("Needle")), [&found](const StoredEvent& e) {
        found.append(e);
        return true;
    }));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.constFirst().body, QByteArray("\xff\x00\xfe Needle-After-Nul \x00", 21));
    QCOMPARE(found.constFirst().path, QByteArray("/hooks/caf\xe9"));
}

void TestEventFilter::emptinessAndEquality_data()
{
    QTest::addColumn<EventFilter>("filter");
    EventFilter f;
    f.channels = {QStringLiteral("invoices")};
    QTest::newRow("channels") << f;
    f = EventFilter();
    f.channels = {QString()};
    QTest::newRow("channels: no channel") << f;
    f = EventFilter();
    f.actions = {QStringLiteral("created")};
    QTest::newRow("actions") << f;
    f = EventFilter();
    f.environments = {QStringLiteral("other")};
    QTest::newRow("environments") << f;
    f = EventFilter();
    f.text = QStringLiteral("invoices");
    QTest::newRow("text") << f;
    f = EventFilter();
    f.since = T0 + 1;
    QTest::newRow("since") << f;
    f = EventFilter();
    f.until = T0 + 1;
    QTest::newRow("until") << f;
    f = EventFilter();
    f.duplicatesOnly = true;
    QTest::newRow("duplicatesOnly") << f;
    f = EventFilter();
    f.problemsOnly = true;
    QTest::newRow("problemsOnly") << f;
    f = EventFilter();
    f.method = QStringLiteral("GET");
    QTest::newRow("method") << f;
    f = EventFilter();
    f.pathContains = QStringLiteral("/forms");
    QTest::newRow("pathContains") << f;
}

void TestEventFilter::emptinessAndEquality()
{
    QFETCH(EventFilter, filter);
    QVERIFY(EventFilter().isEmpty());
    QCOMPARE(EventFilter().toSql().where, QStringLiteral("1"));
    QVERIFY(!filter.isEmpty());
    QVERIFY(filter != EventFilter());
    QVERIFY(!(filter == EventFilter()));
    const EventFilter copy = filter;
    QVERIFY(copy == filter);
    QVERIFY(filter.toSql().where != QStringLiteral("1"));
    // Every field narrows: on this history, each row's filter lets through fewer than all events.
    QVERIFY(m_store.count(filter) < m_store.count());
}

void TestEventFilter::sqlIsOneExpressionWithItsValues()
{
    EventFilter f = channels({QStringLiteral("invoices"), QString()});
    f.environments = {QStringLiteral("staging"), QStringLiteral("other")};
    f.text = QStringLiteral("a'b?c");
    f.since = 5;
    f.method = QStringLiteral("POST");
    f.pathContains = QStringLiteral("/x");
    const EventFilter::Sql sql = f.toSql();
    // One '?' per value, quotes in the text never reach the SQL.
    QCOMPARE(sql.where.count(QLatin1Char('?')), sql.values.size());
    QVERIFY(!sql.where.contains(QLatin1String("a'b")));
    // Safe to combine with OR: the store's own "AND id > ?" must not widen an OR inside.
    EventFilter either = channels({QStringLiteral("invoices"), QString()});
    QList<qint64> seen;
    QVERIFY(m_store.forEach(
        either,
        [&seen](const StoredEvent& e) {
            seen.append(e.id);
            return true;
        },
        5));
    QCOMPARE(seen, QList<qint64>({6, 7, 8, 9}));
}

void TestEventFilter::textThroughTheIndex_data()
{
    // Ids in textHistory(): each row names what it looks for. The expected ids come from the
    // documented semantics (holding()), so the rows also say which events are meant.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("ids");
    using Ids = QList<qint64>;
    const auto s = [](const char* text) { return QString::fromUtf8(text); };
    const Ids all {18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    QTest::newRow("ASCII, other case") << s("hello world") << Ids {1};
    QTest::newRow("ASCII, several events") << s("HELLO") << Ids {10, 1};
    QTest::newRow("underscore in a word") << s("inv_01hz") << Ids {1};
    QTest::newRow("non-ASCII") << s("Gr\u00fc\u00dfe") << Ids {2};
    QTest::newRow("non-ASCII letters keep their case (the index folds them)") << s("k\u00f6ln") << Ids {};
    QTest::newRow("non-ASCII upper case as stored") << s("K\u00d6LN") << Ids {2};
    QTest::newRow("non-ASCII, ASCII letters folded") << s("gR\u00fc\u00dfE AUS") << Ids {2};
    QTest::newRow("a character outside the BMP") << s("\U0001F600 party") << Ids {2};
    QTest::newRow("after NUL bytes") << s("needle-after-nul") << Ids {3};
    QTest::newRow("across a NUL byte (scanned)") << (s("Nul") + QChar(0) + s("tail")) << Ids {3};
    QTest::newRow("valid UTF-8 before a stray byte") << s("caf\u00e9") << Ids {4};
    QTest::newRow("across a stray byte") << s("caf\u00e9 au") << Ids {};
    QTest::newRow("after bytes that are not UTF-8") << s(" end") << Ids {4};
    QTest::newRow("UTF-8 does not match Latin-1") << s("cr\u00e8me") << Ids {};
    QTest::newRow("ASCII before a Latin-1 byte") << s("caf") << Ids {9, 5, 4};
    QTest::newRow("after an overlong form") << s("slash") << Ids {6};
    QTest::newRow("after a surrogate's bytes") << s("surrogate") << Ids {6};
    QTest::newRow("before a cut character") << s("big ") << Ids {6};
    QTest::newRow("U+FFFD as typed, not for a bad byte") << s("\ufffd char") << Ids {12};
    QTest::newRow("U+FFFD where the index has a bad byte") << s("\ufffd au") << Ids {};
    QTest::newRow("U+FFFE") << s("nonchar \ufffe") << Ids {12};
    QTest::newRow("'%' as itself") << s("100%") << Ids {7};
    QTest::newRow("'%_' as themselves") << s("%_o") << Ids {7};
    QTest::newRow("'%' alone (scanned)") << s("%") << Ids {7};
    QTest::newRow("'%' three times") << s("%%%") << Ids {};
    QTest::newRow("'_' as itself") << s("sure_thing") << Ids {7};
    QTest::newRow("'_' alone (scanned)") << s("_") << Ids {7, 1};
    QTest::newRow("header value only") << s("abc-header-only") << Ids {9};
    QTest::newRow("header name and value") << s("x-trace: abc") << Ids {9};
    QTest::newRow("across header lines") << s("8787\r\ncontent-type") << all;
    QTest::newRow("in every event") << s("127.0.0.1:8787") << all;
    QTest::newRow("FTS5 quotes") << s("\"hello\"") << Ids {10};
    QTest::newRow("FTS5 AND, NEAR") << s("AND NEAR(") << Ids {10};
    QTest::newRow("FTS5 OR, NOT, prefix star") << s("OR NOT x*") << Ids {10};
    QTest::newRow("FTS5 ^, column filter, minus, plus") << s("^start col:val -minus +") << Ids {10};
    QTest::newRow("one double quote (scanned)") << s("\"") << Ids {11, 10, 2};
    QTest::newRow("three double quotes") << s("\"\"\"") << Ids {};
    QTest::newRow("single quotes") << s("it's a 'quoted'") << Ids {11};
    QTest::newRow("two characters (scanned)") << s("cr") << Ids {5};
    QTest::newRow("repeated trigrams") << s("aaaa") << Ids {13};
    QTest::newRow("more of a repeated letter than stored") << s("aaaaaaaaaaa") << Ids {};
    QTest::newRow("backslashes") << s("c:\\path\\") << Ids {14};
    QTest::newRow("Kelvin sign as stored") << s("5\u212a y") << Ids {15};
    QTest::newRow("'K' does not match the Kelvin sign") << s("5K y") << Ids {};
    QTest::newRow("CR LF in a body") << s("one\r\nline") << Ids {16};
    QTest::newRow("past 100 kB, more trigrams than looked up")
        << s("The quick brown fox jumps over the lazy dog") << Ids {18};
    QTest::newRow("a letter changed where no trigram is looked up")
        << s("the quick brown fox jumps over the lazy cog") << Ids {};
    QTest::newRow("nowhere") << s("no such text") << Ids {};
}

void TestEventFilter::textThroughTheIndex()
{
    QFETCH(QString, text);
    QFETCH(QList<qint64>, ids);
    // The row's ids are what the documented semantics say, or the row itself is wrong.
    QCOMPARE(listed(holding(m_textEvents, text)), listed(ids));
    EventFilter filter;
    filter.text = text;
    const struct
    {
        EventStore& store;
        const char* index;
    } histories[] = {{m_textUnindexed, "empty"}, {m_textHalfIndexed, "holding ids 1-9"}, {m_textIndexed, "complete"}};
    for (const auto& h : histories) {
        const QString context = QStringLiteral(" (index %1)").arg(QLatin1String(h.index));
        bool ok = false;
        QVERIFY2(h.store.ids(filter, 0, &ok) == ids && ok, qPrintable(listed(h.store.ids(filter)) + context));
        QVERIFY2(h.store.count(filter) == ids.size(), qPrintable(QString::number(h.store.count(filter)) + context));
        // New events only (the window's live path) and the newest few (its first page).
        for (const qint64 afterId : {4, 9, 12}) {
            QList<qint64> newer = ids;
            newer.removeIf([afterId](qint64 id) { return id <= afterId; });
            QVERIFY2(h.store.ids(filter, afterId) == newer,
                qPrintable(listed(h.store.ids(filter, afterId)) + QStringLiteral(" after %1").arg(afterId) + context));
        }
        QVERIFY2(h.store.ids(filter, 0, nullptr, 2) == ids.mid(0, 2), qPrintable(context));
        QList<qint64> visited;
        QVERIFY(h.store.forEach(filter, [&visited](const StoredEvent& e) {
            visited.prepend(e.id);
            return true;
        }));
        QVERIFY2(visited == ids, qPrintable(listed(visited) + context));
        // And the scan, the reference the index must match.
        QString error;
        QVERIFY2(scanned(h.store.path(), filter, &error) == ids && error.isEmpty(), qPrintable(error + context));
    }
}

void TestEventFilter::textWithOtherFields()
{
    // The text term ANDed with the others, through a complete and a half-built index.
    EventFilter f;
    f.text = QStringLiteral("caf");
    f.since = T0;
    f.method = QStringLiteral("POST");
    for (EventStore* store : {&m_textHalfIndexed, &m_textIndexed}) {
        QCOMPARE(store->ids(f), (QList<qint64> {9, 5, 4}));
        f.pathContains = QStringLiteral("/nowhere");
        QCOMPARE(store->ids(f), QList<qint64>());
        f.pathContains.clear();
        QList<TimelineBucket> slices = store->timeline(f, T0, T0 + 1000, 1);
        QCOMPARE(slices.size(), 1);
        QCOMPARE(slices.constFirst().other, 3);
        qint64 oldest = 0;
        qint64 newest = 0;
        QVERIFY(store->timeSpan(f, oldest, newest));
        QCOMPARE(oldest, T0);
        QVERIFY(store->timeSpan(f, oldest, newest, 9));
        QCOMPARE(oldest, 0);
    }
}

QTEST_GUILESS_MAIN(TestEventFilter)
#include "TestEventFilter.moc"
