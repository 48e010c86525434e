#include "Catalog.h"
#include "Envelope.h"
#include "EventStore.h"
#include "KeyCopies.h"
#include "ResourceHistory.h"
#include "TestSupport.h"

#include <QtTest>

/// A resource's history read as a story (ordering rules, data diffs) and a key's copies, on a real history file.
class TestResourceHistory : public QObject
{
    Q_OBJECT

private slots:
    void stepOf_data();
    void stepOf();
    void orderingRules_data();
    void orderingRules();
    void landmarksOutsideTheListStillCount();
    void loadComparesEachStepWithTheOneBefore();
    void loadKeepsAWindowAroundTheEvent();
    void eventWithoutResource();
    void copiesOfAKey();
    void copiesOfAConflictHoldTheDiff();
    void copiesAreListedAroundTheEvent();
};

Q_DECLARE_METATYPE(ResourceHistory::Step)

namespace {

/// The provider's envelope for @p event about resource @p data.
QByteArray webhook(const QByteArray& event, const QByteArray& key, const QByteArray& data)
{
    return "{\"event\":\"" + event + "\",\"message\":\"m\",\"idempotency_key\":\"" + key
        + "\",\"environment\":\"staging\",\"data\":" + data + "}";
}

/// Stores @p body as capture would (envelope fields read from it); returns its id, 0 on failure.
qint64 store(EventStore& store, const QByteArray& body, qint64 receivedAtMs = 0)
{
    StoredEvent e;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.body = body;
    e.receivedAtMs = receivedAtMs;
    e.responseStatus = 200;
    const Envelope envelope = Envelope::parse(e.method, "application/json", body, Catalog::builtIn());
    e.event = envelope.event;
    e.channel = envelope.channel;
    e.action = envelope.action;
    e.environment = envelope.environment;
    e.idempotencyKey = envelope.idempotencyKey;
    e.message = envelope.message;
    e.resourceId = envelope.resourceId;
    e.problems = envelope.problems;
    if (!store.begin() || !store.insert(e) || !store.commit()) {
        return 0;
    }
    return e.id;
}

/// "update prev 2 after-delete#2": the step, what its data is compared with, its warnings.
QString render(const ResourceHistory::Entry& entry)
{
    static const char* const steps[] = {"create", "update", "delete", "other", "retry"};
    QString text = QString::fromLatin1(steps[static_cast<int>(entry.step)]);
    if (entry.previousId) {
        text += QStringLiteral(" prev %1").arg(entry.previousId);
    }
    for (const ResourceHistory::Warning& w : entry.warnings) {
        static const char* const kinds[] = {"before-create", "after-delete", "created-again"};
        text += QStringLiteral(" %1#%2").arg(QLatin1String(kinds[static_cast<int>(w.kind)])).arg(w.otherId);
    }
    return text;
}

/// Summaries with ids 1, 2, ... from "created", "updated", "deleted", "paid" or "retry:N" (a retry of N).
QList<EventSummary> summaries(const QStringList& spec)
{
    QList<EventSummary> out;
    for (const QString& token : spec) {
        EventSummary s;
        s.id = out.size() + 1;
        if (token.startsWith(QLatin1String("retry:"))) {
            s.duplicateOf = token.mid(6).toLongLong();
            s.event = out.at(s.duplicateOf - 1).event;
        } else {
            s.event = QStringLiteral("invoices.") + token;
        }
        out.append(s);
    }
    return out;
}

QStringList render(const ResourceHistory& history)
{
    QStringList out;
    for (const ResourceHistory::Entry& entry : history.entries) {
        out << render(entry);
    }
    return out;
}

} // namespace

void TestResourceHistory::stepOf_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<ResourceHistory::Step>("step");
    QTest::newRow("created") << QStringLiteral("invoices.created") << ResourceHistory::Step::Create;
    QTest::newRow("updated") << QStringLiteral("business_loans.updated") << ResourceHistory::Step::Update;
    QTest::newRow("deleted") << QStringLiteral("bills.deleted") << ResourceHistory::Step::Delete;
    QTest::newRow("another action") << QStringLiteral("invoices.paid") << ResourceHistory::Step::Other;
    QTest::newRow("a prefix is not the action")
        << QStringLiteral("invoices.created_late") << ResourceHistory::Step::Other;
    QTest::newRow("no event") << QString() << ResourceHistory::Step::Other;
}

void TestResourceHistory::stepOf()
{
    QFETCH(QString, event);
    QFETCH(ResourceHistory::Step, step);
    QCOMPARE(ResourceHistory::stepOf(event), step);
}

void TestResourceHistory::orderingRules_data()
{
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("noCreate");

    const auto list = [](const char* spaced) { return QString::fromLatin1(spaced).split(QLatin1Char(' ')); };
    const auto rows = [](const char* lines) { return QString::fromLatin1(lines).split(QLatin1Char('|')); };
    QTest::newRow("empty") << QStringList() << QStringList() << false;
    QTest::newRow("create, update, delete")
        << list("created updated deleted") << rows("create|update prev 1|delete prev 2") << false;
    QTest::newRow("an update before its create")
        << list("updated created updated") << rows("update before-create#2|create|update prev 2") << false;
    QTest::newRow("a delete before its create")
        << list("deleted created") << rows("delete before-create#2|create after-delete#1") << false;
    QTest::newRow("another action before the create")
        << list("paid created") << rows("other before-create#2|create") << false;
    QTest::newRow("anything after a delete") << list("created deleted updated paid")
                                             << rows("create|delete prev 1|update prev 2 after-delete#2|"
                                                     "other prev 3 after-delete#2")
                                             << false;
    QTest::newRow("a second delete") << list("created deleted deleted")
                                     << rows("create|delete prev 1|delete prev 2 after-delete#2") << false;
    QTest::newRow("created again after a delete")
        << list("created deleted created updated")
        << rows("create|delete prev 1|create after-delete#2|update prev 3 after-delete#2") << false;
    QTest::newRow("created twice") << list("created created updated")
                                   << rows("create|create created-again#1|update prev 2") << false;
    QTest::newRow("retries are not steps")
        << list("created updated retry:2 updated") << rows("create|update prev 1|retry|update prev 2") << false;
    QTest::newRow("a retry after the delete is not warned")
        << list("created updated deleted retry:2") << rows("create|update prev 1|delete prev 2|retry") << false;
    QTest::newRow("a retried create is not created twice")
        << list("created retry:1 updated") << rows("create|retry|update prev 1") << false;
    QTest::newRow("no create at all: said once, not per event")
        << list("updated updated deleted") << rows("update|update prev 1|delete prev 2") << true;
    QTest::newRow("a retry is not a step, but its first copy is")
        << list("updated retry:1") << rows("update|retry") << true;
}

void TestResourceHistory::orderingRules()
{
    QFETCH(QStringList, events);
    QFETCH(QStringList, expected);
    QFETCH(bool, noCreate);
    const ResourceHistory history = ResourceHistory::fromSummaries(summaries(events));
    QCOMPARE(render(history), expected);
    QCOMPARE(history.noCreate, noCreate);
    QCOMPARE(history.total, events.size());
}

void TestResourceHistory::landmarksOutsideTheListStillCount()
{
    // Events 11 and 12 of a resource whose create (20) and delete (5) are not listed.
    QList<EventSummary> window = summaries({QStringLiteral("updated"), QStringLiteral("updated")});
    for (EventSummary& e : window) {
        e.id += 10;
    }
    ResourceHistory::Landmarks landmarks;
    landmarks.firstCreate = 20;
    const ResourceHistory early = ResourceHistory::fromSummaries(window, landmarks);
    QCOMPARE(render(early),
        (QStringList {QStringLiteral("update before-create#20"), QStringLiteral("update prev 11 before-create#20")}));
    QVERIFY(!early.noCreate);
    landmarks.firstDelete = 5;
    QCOMPARE(render(ResourceHistory::fromSummaries(window, landmarks)),
        (QStringList {QStringLiteral("update after-delete#5"), QStringLiteral("update prev 11 after-delete#5")}));
}

void TestResourceHistory::loadComparesEachStepWithTheOneBefore()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    const QByteArray k1 = newKey();
    const QByteArray k2 = newKey();
    const qint64 created = store(s, webhook("invoices.created", k1, R"({"id":42,"amount":10,"lines":[1]})"), 1000);
    const qint64 other = store(s, webhook("invoices.created", newKey(), R"({"id":43,"amount":1})"), 1500);
    const qint64 updated = store(s, webhook("invoices.updated", k2, R"({"id":42,"amount":12,"lines":[1,2]})"), 2000);
    const qint64 retry = store(s, webhook("invoices.updated", k2, R"({"id":42,"amount":12,"lines":[1,2]})"), 2500);
    const qint64 conflict = store(s, webhook("invoices.updated", k2, R"({"id":42,"amount":99,"lines":[1,2]})"), 2600);
    const qint64 deleted = store(s, webhook("invoices.deleted", newKey(), R"({"id":42})"), 3000);
    const qint64 late = store(s, webhook("invoices.updated", newKey(), R"({"id":"42","amount":13})"), 4000);
    QVERIFY(created && other && updated && retry && conflict && deleted && late);

    const ResourceHistory h = ResourceHistory::load(s, updated);
    QCOMPARE(h.channel, QStringLiteral("invoices"));
    QCOMPARE(h.resourceId, QStringLiteral("42"));
    QCOMPARE(h.total, 6); // "42" as a string is the same resource as 42: ids are spelled as text
    QCOMPARE(h.firstIndex, 0);
    QCOMPARE(h.entries.size(), 6);
    QCOMPARE(h.entries.at(0).event.id, created);
    QCOMPARE(h.entries.at(0).event.receivedAtMs, 1000);
    QCOMPARE(h.entries.at(0).diff.outcome, JsonDiff::Outcome::Same); // a create is not compared

    const ResourceHistory::Entry& update = h.entries.at(1);
    QCOMPARE(update.previousId, created);
    QCOMPARE(update.diff.outcome, JsonDiff::Outcome::Json);
    QCOMPARE(update.diff.changes.size(), 2);
    QCOMPARE(update.diff.changes.at(0).path, QStringLiteral("data.amount"));
    QCOMPARE(update.diff.changes.at(1).path, QStringLiteral("data.lines[1]"));
    QCOMPARE(update.diff.changes.at(1).kind, JsonDiff::Change::Kind::Added);

    QCOMPARE(h.entries.at(2).step, ResourceHistory::Step::Retry);
    QVERIFY(!h.entries.at(2).event.conflict);
    QCOMPARE(h.entries.at(2).event.duplicateOf, updated);
    QCOMPARE(h.entries.at(3).step, ResourceHistory::Step::Retry);
    QVERIFY(h.entries.at(3).event.conflict); // same key, other data
    QCOMPARE(h.entries.at(3).diff.outcome, JsonDiff::Outcome::Same); // retries are not steps

    const ResourceHistory::Entry& del = h.entries.at(4);
    QCOMPARE(del.previousId, updated); // not the retries
    QCOMPARE(del.diff.changeCount, 2); // amount and lines removed
    QVERIFY(del.warnings.isEmpty());

    const ResourceHistory::Entry& after = h.entries.at(5);
    QCOMPARE(
        after.warnings, (QList<ResourceHistory::Warning> {{ResourceHistory::Warning::Kind::AfterDelete, deleted}}));
    QCOMPARE(after.previousId, deleted);
    QCOMPARE(after.diff.changes.size(), 2);
    QCOMPARE(after.diff.changes.at(0).path, QStringLiteral("data.amount"));
    QCOMPARE(after.diff.changes.at(0).kind, JsonDiff::Change::Kind::Added);
    QCOMPARE(after.diff.changes.at(1).kind, JsonDiff::Change::Kind::TypeChanged); // 42 -> "42"

    // Any event of the resource reads the same history.
    QCOMPARE(ResourceHistory::load(s, late).entries.size(), 6);
    QCOMPARE(ResourceHistory::load(s, other).total, 1);
}

void TestResourceHistory::loadKeepsAWindowAroundTheEvent()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    QList<qint64> ids;
    ids << store(s, webhook("invoices.updated", newKey(), R"({"id":7,"n":0})"));
    for (int i = 1; i < 30; ++i) {
        ids << store(s, webhook("invoices.updated", newKey(), R"({"id":7,"n":)" + QByteArray::number(i) + "}"));
    }
    ids << store(s, webhook("invoices.created", newKey(), R"({"id":7,"n":0})"));

    const ResourceHistory middle = ResourceHistory::load(s, ids.at(15), 10);
    QCOMPARE(middle.total, 31);
    QCOMPARE(middle.entries.size(), 10);
    QCOMPARE(middle.firstIndex, 10);
    QCOMPARE(middle.entries.first().event.id, ids.at(10));
    QCOMPARE(middle.entries.last().event.id, ids.at(19));
    QVERIFY(!middle.noCreate);
    // The create is not listed, but every listed update came before it.
    const QList<ResourceHistory::Warning> early {{ResourceHistory::Warning::Kind::BeforeCreate, ids.last()}};
    QCOMPARE(middle.entries.first().warnings, early);
    QCOMPARE(middle.entries.last().warnings, early);
    QCOMPARE(middle.entries.first().diff.outcome, JsonDiff::Outcome::Same); // its previous step is not listed
    QCOMPARE(middle.entries.first().previousId, 0);
    QCOMPARE(middle.entries.at(1).previousId, ids.at(10));
    QCOMPARE(middle.entries.at(1).diff.changeCount, 1);

    const ResourceHistory start = ResourceHistory::load(s, ids.at(2), 10);
    QCOMPARE(start.firstIndex, 0);
    QCOMPARE(start.entries.size(), 10);
    QCOMPARE(start.entries.first().warnings, early);
    QVERIFY(!start.noCreate);

    const ResourceHistory end = ResourceHistory::load(s, ids.last(), 10);
    QCOMPARE(end.firstIndex, 21);
    QCOMPARE(end.entries.last().event.id, ids.last());
    QCOMPARE(end.entries.last().step, ResourceHistory::Step::Create);
    QVERIFY(end.entries.last().warnings.isEmpty());

    const ResourceHistory all = ResourceHistory::load(s, ids.at(3));
    QCOMPARE(all.entries.size(), 31);
    QCOMPARE(all.entries.at(29).warnings, early);
}

void TestResourceHistory::eventWithoutResource()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    const qint64 noId = store(s, webhook("invoices.created", newKey(), R"({"tag":1})"));
    const qint64 notJson = store(s, "plain text");
    QVERIFY(noId && notJson);
    for (const qint64 id : {noId, notJson, qint64(999)}) {
        const ResourceHistory h = ResourceHistory::load(s, id);
        QVERIFY(h.entries.isEmpty());
        QVERIFY(h.resourceId.isNull());
        QCOMPARE(h.total, 0);
    }
    QCOMPARE(ResourceHistory::load(s, noId).channel, QStringLiteral("invoices"));
}

void TestResourceHistory::copiesOfAKey()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    const QByteArray key = newKey();
    const QByteArray body = webhook("invoices.created", key, R"({"id":1})");
    const qint64 first = store(s, body, 1000);
    const qint64 lone = store(s, webhook("invoices.created", newKey(), R"({"id":2})"), 1500);
    const qint64 second = store(s, body, 2000);
    const qint64 third = store(s, body, 3000);
    QVERIFY(first && lone && second && third);

    const KeyCopies copies = KeyCopies::load(s, second);
    QVERIFY(copies.repeats());
    QCOMPARE(copies.ids, (QList<qint64> {first, second, third}));
    QCOMPARE(copies.index, 1);
    QCOMPARE(copies.shown.size(), 3);
    QCOMPARE(copies.first.id, first);
    QCOMPARE(copies.first.receivedAtMs, 1000);
    QCOMPARE(copies.last.id, third);
    QCOMPARE(copies.last.receivedAtMs, 3000);
    QCOMPARE(copies.neighbour(-1), first);
    QCOMPARE(copies.neighbour(+1), third);
    QVERIFY(!copies.conflict);
    QVERIFY(!copies.diff.differs());
    QCOMPARE(KeyCopies::load(s, third).neighbour(+1), 0);
    QCOMPARE(KeyCopies::load(s, first).neighbour(-1), 0);

    const KeyCopies alone = KeyCopies::load(s, lone);
    QVERIFY(!alone.repeats());
    QVERIFY(alone.shown.isEmpty());
    QVERIFY(!KeyCopies::load(s, 999).repeats());
}

void TestResourceHistory::copiesOfAConflictHoldTheDiff()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    const QByteArray key = newKey();
    const qint64 first = store(s, webhook("invoices.created", key, R"({"id":1,"amount":10})"));
    const qint64 conflict = store(s, webhook("invoices.created", key, R"({"id":1,"amount":11})"));
    const qint64 respelled = store(s, webhook("invoices.created", key, R"({"amount":10.0,"id":1})"));
    QVERIFY(first && conflict && respelled);

    const KeyCopies c = KeyCopies::load(s, conflict);
    QVERIFY(c.conflict);
    QCOMPARE(c.diff.outcome, JsonDiff::Outcome::Json);
    QCOMPARE(c.diff.changes.size(), 1);
    QCOMPARE(c.diff.changes.first().path, QStringLiteral("data.amount"));
    QCOMPARE(c.diff.changes.first().before.toInt(), 10);
    QCOMPARE(c.diff.changes.first().after.toInt(), 11);
    QVERIFY(c.shown.at(1).conflict);

    // Other bytes, same data: still a conflict to the history (the bytes differ), and the diff says why.
    const KeyCopies r = KeyCopies::load(s, respelled);
    QVERIFY(r.conflict);
    QCOMPARE(r.diff.outcome, JsonDiff::Outcome::SameData);
    QVERIFY(!KeyCopies::load(s, first).conflict);
}

void TestResourceHistory::copiesAreListedAroundTheEvent()
{
    TempHistory dir;
    EventStore s;
    QVERIFY2(s.open(dir.path()), qPrintable(s.errorString()));
    const QByteArray body = webhook("invoices.created", newKey(), R"({"id":1})");
    QList<qint64> ids;
    for (int i = 0; i < 25; ++i) {
        ids << store(s, body, 1000 + i);
    }
    const KeyCopies c = KeyCopies::load(s, ids.at(20), 6);
    QCOMPARE(c.ids.size(), 25);
    QCOMPARE(c.shown.size(), 6);
    QCOMPARE(c.shownFrom, 17);
    QCOMPARE(c.shown.first().id, ids.at(17));
    QCOMPARE(c.first.id, ids.first());
    QCOMPARE(c.last.id, ids.last());
    QCOMPARE(c.neighbour(-1), ids.at(19));
    QCOMPARE(KeyCopies::load(s, ids.at(24), 6).shownFrom, 19);
    QCOMPARE(KeyCopies::load(s, ids.at(1), 6).shownFrom, 0);
}

QTEST_GUILESS_MAIN(TestResourceHistory)
#include "TestResourceHistory.moc"
