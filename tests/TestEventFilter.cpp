#include "EventFilter.h"
#include "EventStore.h"
#include "StoredEvent.h"
#include "TestSupport.h"

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

} // namespace

class TestEventFilter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void filters_data();
    void filters();
    void afterIdAndEarlyStop();
    void emptinessAndEquality_data();
    void emptinessAndEquality();
    void sqlIsOneExpressionWithItsValues();

private:
    TempHistory m_dir;
    EventStore m_store;
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
}

void TestEventFilter::cleanupTestCase()
{
    m_store.close();
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

QTEST_GUILESS_MAIN(TestEventFilter)
#include "TestEventFilter.moc"
