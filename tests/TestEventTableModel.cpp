#include "EventFilter.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QDir>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

Q_DECLARE_METATYPE(EventFilter)

namespace {

constexpr qint64 T0 = 1795917180000; // 2026-11-29T09:53:00Z
const char* const RetriedKey = "26053e97-f78a-4d25-a519-4eed22ba5c41";

StoredEvent makeEvent(qint64 at, const QByteArray& body)
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

StoredEvent envelope(qint64 at, const QString& channel, const QString& action, const QString& environment,
    const QString& key = QString::fromLatin1(newKey()))
{
    StoredEvent e = makeEvent(
        at, providerWebhook((channel + QLatin1Char('.') + action).toUtf8(), key.toLatin1(), environment.toUtf8()));
    e.channel = channel;
    e.action = action;
    e.event = channel + QLatin1Char('.') + action;
    e.environment = environment;
    e.idempotencyKey = key;
    return e;
}

/// Inserts @p events in one transaction; returns their ids (empty on failure).
QList<qint64> insertAll(EventStore& store, QList<StoredEvent> events)
{
    QList<qint64> ids;
    if (!store.begin()) {
        return {};
    }
    for (StoredEvent& e : events) {
        if (!store.insert(e)) {
            store.rollback();
            return {};
        }
        ids.append(e.id);
    }
    return store.commit() ? ids : QList<qint64>();
}

EventFilter channels(const QStringList& list)
{
    EventFilter f;
    f.channels = list;
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

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace

class TestEventTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rowsNewestFirstWithTheirText_data();
    void rowsNewestFirstWithTheirText();
    void headers();
    void filtersChangeTheRows_data();
    void filtersChangeTheRows();
    void duplicatesAndConflicts();
    void liveEventsAppearAtTheTop();
    void liveEventsHonourTheFilter();
    void liveRetryUpdatesItsFirstCopy();
    void pagesMatchTheStore();
    void eventAndCopies();
    void payloadStaysPlainText();
    void missingHistoryIsRefusedAndNotCreated();
    void filterShowsItsFirstPageThenEveryRow();
    void arrivalsDuringAListingShowOnce();
    void replacedFiltersNeverShowTheirRows();
    void deletingTakesOutOnlyThoseRows();
    void reloadKeepsTheRowsInPlace();

private:
    /// The history the suites share: ids 1 to 6 (see init()).
    void openModel();
    /// Adds @p count invoices (staging and production in turn) after the shared six; returns their ids.
    QList<qint64> addInvoices(EventStore& store, int count, qint64 at = T0 + 10000);
    /// Sets @p filter and waits until every row of it is listed.
    void filterAndWait(const EventFilter& filter);
    QList<qint64> shownIds() const;

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<EventStore> m_writer;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_key;
};

void TestEventTableModel::init()
{
    m_history = std::make_unique<TempHistory>();
    QVERIFY(m_history->isValid());
    m_writer = std::make_unique<EventStore>();
    QVERIFY2(m_writer->open(m_history->path()), qPrintable(m_writer->errorString()));
    m_key = QString::fromLatin1(RetriedKey);

    QList<StoredEvent> events;
    // 1: an invoice on staging, first copy of m_key.
    events.append(
        envelope(T0, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"), m_key));
    // 2: its retry, same body.
    events.append(
        envelope(T0 + 1000, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"), m_key));
    // 3: a client on production, with a problem.
    StoredEvent e
        = envelope(T0 + 2000, QStringLiteral("clients"), QStringLiteral("updated"), QStringLiteral("production"));
    e.problems = {QStringLiteral("missing field: data")};
    events.append(e);
    // 4: a form, not an envelope: no event, a 1.2 KB body with a word to search.
    e = makeEvent(T0 + 3000, "a=b&needle=1&" + QByteArray(1230 - 13, 'x'));
    e.method = "PUT";
    e.target = "/forms/submit?x=1";
    e.path = "/forms/caf\xe9";
    e.responseStatus = 200;
    events.append(e);
    // 5: a retry of 1 whose body differs: a conflict.
    e = envelope(T0 + 4000, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"), m_key);
    e.body += " ";
    events.append(e);
    // 6: a business loan on production.
    events.append(
        envelope(T0 + 5000, QStringLiteral("business_loans"), QStringLiteral("deleted"), QStringLiteral("production")));
    QCOMPARE(insertAll(*m_writer, events), (QList<qint64> {1, 2, 3, 4, 5, 6}));
}

void TestEventTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_writer.reset();
    m_history.reset();
}

void TestEventTableModel::openModel()
{
    m_model = std::make_unique<EventTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    // The rows are listed on a worker thread.
    QTRY_VERIFY(!m_model->isListing());
}

QList<qint64> TestEventTableModel::addInvoices(EventStore& store, int count, qint64 at)
{
    QList<StoredEvent> events;
    for (int i = 0; i < count; ++i) {
        events.append(envelope(at + i, QStringLiteral("invoices"), QStringLiteral("created"),
            i % 2 ? QStringLiteral("staging") : QStringLiteral("production")));
    }
    return insertAll(store, events);
}

void TestEventTableModel::filterAndWait(const EventFilter& filter)
{
    m_model->setFilter(filter);
    QTRY_VERIFY(!m_model->isListing());
}

QList<qint64> TestEventTableModel::shownIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        ids.append(m_model->index(row, 0).data(EventTableModel::EventIdRole).toLongLong());
    }
    return ids;
}

void TestEventTableModel::rowsNewestFirstWithTheirText_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    using M = EventTableModel;
    QTest::newRow("time") << 5 << int(M::Time) << localTime(T0);
    QTest::newRow("method") << 2 << int(M::Method) << "PUT";
    QTest::newRow("path, not UTF-8") << 2 << int(M::Path) << QStringLiteral("/forms/caf\u00e9");
    QTest::newRow("event") << 0 << int(M::Event) << "business_loans.deleted";
    QTest::newRow("no event") << 2 << int(M::Event) << QStringLiteral("\u2014");
    QTest::newRow("environment") << 3 << int(M::Environment) << "production";
    QTest::newRow("no environment") << 2 << int(M::Environment) << "";
    QTest::newRow("key") << 5 << int(M::Key) << QString::fromLatin1(RetriedKey);
    QTest::newRow("size") << 2 << int(M::Size) << "1.2 KB";
    QTest::newRow("small size") << 3 << int(M::Size)
                                << QStringLiteral("%1 B").arg(
                                       providerWebhook("clients.updated", QByteArray(36, 'k'), "production").size());
    QTest::newRow("status") << 2 << int(M::Status) << "200";
    QTest::newRow("duplicate") << 4 << int(M::Duplicate) << "duplicate of #1";
    QTest::newRow("conflict") << 1 << int(M::Duplicate) << "conflict with #1";
    QTest::newRow("first copy") << 5 << int(M::Duplicate) << QStringLiteral("\u00d73");
    QTest::newRow("no key repeat") << 3 << int(M::Duplicate) << "";
}

void TestEventTableModel::rowsNewestFirstWithTheirText()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    openModel();
    QCOMPARE(m_model->rowCount(), 6);
    QCOMPARE(m_model->columnCount(), int(EventTableModel::ColumnCount));
    for (int r = 0; r < 6; ++r) {
        QCOMPARE(m_model->eventId(r), qint64(6 - r));
        QCOMPARE(m_model->index(r, 0).data(EventTableModel::EventIdRole).toLongLong(), qint64(6 - r));
        QCOMPARE(m_model->rowOf(6 - r), r);
    }
    QCOMPARE(m_model->index(row, column).data().toString(), text);
    QCOMPARE(m_model->totalCount(), 6);
    QCOMPARE(m_model->duplicateCount(), 2);
}

void TestEventTableModel::headers()
{
    openModel();
    QCOMPARE(m_model->headerData(EventTableModel::Time, Qt::Horizontal).toString(), QStringLiteral("Time"));
    QCOMPARE(m_model->headerData(EventTableModel::Duplicate, Qt::Horizontal).toString(), QStringLiteral("Duplicate"));
    QCOMPARE(m_model->headerData(EventTableModel::Key, Qt::Horizontal).toString(), QStringLiteral("Key"));
}

void TestEventTableModel::filtersChangeTheRows_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QList<qint64>>("ids");
    EventFilter duplicates;
    duplicates.duplicatesOnly = true;
    EventFilter problems;
    problems.problemsOnly = true;
    QTest::newRow("channel invoices") << channels({QStringLiteral("invoices")}) << QList<qint64> {5, 2, 1};
    QTest::newRow("no channel") << channels({QString()}) << QList<qint64> {4};
    QTest::newRow("environment production") << environments({QStringLiteral("production")}) << QList<qint64> {6, 3};
    QTest::newRow("text in the body") << search(QStringLiteral("NEEDLE")) << QList<qint64> {4};
    QTest::newRow("duplicates only") << duplicates << QList<qint64> {5, 2};
    QTest::newRow("problems only") << problems << QList<qint64> {3};
    QTest::newRow("nothing matches") << search(QStringLiteral("absent-word")) << QList<qint64> {};
}

void TestEventTableModel::filtersChangeTheRows()
{
    QFETCH(EventFilter, filter);
    QFETCH(QList<qint64>, ids);
    openModel();
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy counts(m_model.get(), &EventTableModel::countsChanged);
    m_model->setFilter(filter);
    // At once: the old rows go and the window hears that the new ones are being listed.
    QCOMPARE(resets.count(), 1);
    QCOMPARE(counts.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->isListing());
    QCOMPARE(m_model->filter(), filter);
    QTRY_VERIFY(!m_model->isListing());
    QCOMPARE(resets.count(), 1);
    QList<qint64> shown;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        shown.append(m_model->index(row, EventTableModel::Time).data(EventTableModel::EventIdRole).toLongLong());
        QVERIFY(!m_model->index(row, EventTableModel::Time).data().toString().isEmpty());
    }
    QCOMPARE(shown, ids);
    // The counts are the history's, whatever the filter.
    QCOMPARE(m_model->totalCount(), 6);
    QCOMPARE(m_model->duplicateCount(), 2);

    // The same filter again changes nothing; clearing it brings every row back.
    m_model->setFilter(filter);
    QCOMPARE(resets.count(), 1);
    QVERIFY(!m_model->isListing());
    filterAndWait(EventFilter());
    QCOMPARE(resets.count(), 2);
    QCOMPARE(m_model->rowCount(), 6);
}

void TestEventTableModel::duplicatesAndConflicts()
{
    openModel();
    const QModelIndex first = m_model->index(m_model->rowOf(1), EventTableModel::Duplicate);
    const QModelIndex retry = m_model->index(m_model->rowOf(2), EventTableModel::Duplicate);
    const QModelIndex conflict = m_model->index(m_model->rowOf(5), EventTableModel::Duplicate);
    const QModelIndex single = m_model->index(m_model->rowOf(3), EventTableModel::Duplicate);

    QCOMPARE(first.data().toString(), QStringLiteral("\u00d73"));
    QCOMPARE(first.data(EventTableModel::CopiesRole).toInt(), 3);
    QCOMPARE(first.data(EventTableModel::DuplicateOfRole).toLongLong(), 0);
    QCOMPARE(retry.data().toString(), QStringLiteral("duplicate of #1"));
    QCOMPARE(retry.data(EventTableModel::DuplicateOfRole).toLongLong(), 1);
    QCOMPARE(retry.data(EventTableModel::ConflictRole).toBool(), false);
    QCOMPARE(retry.data(EventTableModel::CopiesRole).toInt(), 0);
    QCOMPARE(conflict.data().toString(), QStringLiteral("conflict with #1"));
    QCOMPARE(conflict.data(EventTableModel::ConflictRole).toBool(), true);
    QCOMPARE(single.data().toString(), QString());
    QCOMPARE(single.data(EventTableModel::CopiesRole).toInt(), 0);
    QCOMPARE(single.data(EventTableModel::EnvironmentRole).toString(), QStringLiteral("production"));
    QCOMPARE(single.data(EventTableModel::HasProblemsRole).toBool(), true);
    QCOMPARE(first.data(EventTableModel::HasProblemsRole).toBool(), false);
    const QModelIndex form = m_model->index(m_model->rowOf(4), EventTableModel::Environment);
    QCOMPARE(form.data(EventTableModel::EnvironmentRole).toString(), QString());
    QVERIFY(!form.data(EventTableModel::EnvironmentRole).isNull());
}

void TestEventTableModel::liveEventsAppearAtTheTop()
{
    openModel();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy counts(m_model.get(), &EventTableModel::countsChanged);
    // Read every row first, so that the cached page has to follow.
    QCOMPARE(m_model->index(5, EventTableModel::Time).data().toString(), localTime(T0));

    // The capture writes through its own connection, as it does in the application.
    EventStore capture;
    QVERIFY2(capture.open(m_history->path()), qPrintable(capture.errorString()));
    const QList<qint64> ids = insertAll(capture,
        {envelope(T0 + 10000, QStringLiteral("customers"), QStringLiteral("created"), QStringLiteral("staging")),
            envelope(T0 + 11000, QStringLiteral("invoices"), QStringLiteral("paid"), QStringLiteral("production"))});
    QCOMPARE(ids, (QList<qint64> {7, 8}));
    m_model->eventsStored(ids);

    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(counts.count(), 1);
    QCOMPARE(m_model->rowCount(), 8);
    QCOMPARE(m_model->index(0, EventTableModel::Event).data().toString(), QStringLiteral("invoices.paid"));
    QCOMPARE(m_model->index(1, EventTableModel::Event).data().toString(), QStringLiteral("customers.created"));
    QCOMPARE(m_model->index(7, EventTableModel::Time).data().toString(), localTime(T0));
    QCOMPARE(m_model->totalCount(), 8);
    QCOMPARE(m_model->duplicateCount(), 2);

    // The same signal again (or one for events already shown) inserts nothing.
    m_model->eventsStored(ids);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 8);
}

void TestEventTableModel::liveEventsHonourTheFilter()
{
    openModel();
    filterAndWait(environments({QStringLiteral("production")}));
    QCOMPARE(m_model->rowCount(), 2);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy counts(m_model.get(), &EventTableModel::countsChanged);

    EventStore capture;
    QVERIFY2(capture.open(m_history->path()), qPrintable(capture.errorString()));
    const QList<qint64> ids = insertAll(capture,
        {envelope(T0 + 10000, QStringLiteral("customers"), QStringLiteral("created"), QStringLiteral("staging")),
            envelope(T0 + 11000, QStringLiteral("invoices"), QStringLiteral("paid"), QStringLiteral("production")),
            envelope(T0 + 12000, QStringLiteral("clients"), QStringLiteral("deleted"), QStringLiteral("staging"))});
    m_model->eventsStored(ids);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->eventId(0), ids.at(1));
    QCOMPARE(m_model->index(0, EventTableModel::Event).data().toString(), QStringLiteral("invoices.paid"));
    QCOMPARE(counts.count(), 1);
    QCOMPARE(m_model->totalCount(), 9);

    // Events that the filter hides are counted but not shown, and insert no rows.
    const QList<qint64> hidden = insertAll(capture,
        {envelope(T0 + 13000, QStringLiteral("customers"), QStringLiteral("updated"), QStringLiteral("staging"))});
    m_model->eventsStored(hidden);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->totalCount(), 10);
    QCOMPARE(counts.count(), 2);
}

void TestEventTableModel::liveRetryUpdatesItsFirstCopy()
{
    openModel();
    const int firstRow = m_model->rowOf(1);
    QCOMPARE(m_model->index(firstRow, EventTableModel::Duplicate).data().toString(), QStringLiteral("\u00d73"));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    EventStore capture;
    QVERIFY2(capture.open(m_history->path()), qPrintable(capture.errorString()));
    const QList<qint64> ids = insertAll(capture,
        {envelope(
            T0 + 10000, QStringLiteral("invoices"), QStringLiteral("created"), QStringLiteral("staging"), m_key)});
    m_model->eventsStored(ids);

    QCOMPARE(m_model->rowCount(), 7);
    QCOMPARE(m_model->index(0, EventTableModel::Duplicate).data().toString(), QStringLiteral("duplicate of #1"));
    const int movedRow = m_model->rowOf(1);
    QCOMPARE(movedRow, firstRow + 1);
    QCOMPARE(m_model->index(movedRow, EventTableModel::Duplicate).data().toString(), QStringLiteral("\u00d74"));
    QCOMPARE(m_model->index(movedRow, 0).data(EventTableModel::CopiesRole).toInt(), 4);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), movedRow);
    QCOMPARE(m_model->duplicateCount(), 3);
}

void TestEventTableModel::pagesMatchTheStore()
{
    // 1,200 more events: six pages and then some, more than the cache holds.
    QList<StoredEvent> events;
    QString key;
    for (int i = 0; i < 1200; ++i) {
        if (i % 7 == 0) {
            key = QString::fromLatin1(newKey());
        }
        StoredEvent e = envelope(T0 + 10000 + i, QStringLiteral("invoices"), QStringLiteral("created"),
            i % 2 ? QStringLiteral("staging") : QStringLiteral("production"), key);
        e.body += QByteArray(i, 'x');
        e.responseStatus = 200 + i % 3;
        events.append(e);
    }
    QCOMPARE(insertAll(*m_writer, events).size(), 1200);
    openModel();
    QCOMPARE(m_model->rowCount(), 1206);
    QCOMPARE(m_model->totalCount(), 1206);

    QHash<qint64, StoredEvent> stored;
    QVERIFY(m_writer->forEach([&](const StoredEvent& e) {
        stored.insert(e.id, e);
        return true;
    }));
    QRandomGenerator random(20261129);
    for (int i = 0; i < 400; ++i) {
        const int row = random.bounded(m_model->rowCount());
        const qint64 id = m_model->eventId(row);
        QCOMPARE(id, qint64(1206 - row));
        const StoredEvent& e = stored[id];
        QCOMPARE(m_model->index(row, EventTableModel::Time).data().toString(), localTime(e.receivedAtMs));
        QCOMPARE(m_model->index(row, EventTableModel::Environment).data().toString(), e.environment);
        QCOMPARE(m_model->index(row, EventTableModel::Key).data().toString(), e.idempotencyKey);
        QCOMPARE(m_model->index(row, EventTableModel::Status).data().toString(), QString::number(e.responseStatus));
        QCOMPARE(m_model->index(row, EventTableModel::Size).data().toString(),
            e.body.size() < 1024 ? QStringLiteral("%1 B").arg(e.body.size())
                                 : QStringLiteral("%1 KB").arg(e.body.size() / 1024.0, 0, 'f', 1));
        QCOMPARE(m_model->index(row, 0).data(EventTableModel::DuplicateOfRole).toLongLong(), e.duplicateOf);
    }
}

void TestEventTableModel::eventAndCopies()
{
    openModel();
    const StoredEvent e = m_model->event(5);
    QCOMPARE(e.id, qint64(5));
    QVERIFY(e.body.endsWith(" "));
    QCOMPARE(e.idempotencyKey, m_key);
    QCOMPARE(e.duplicateOf, qint64(1));
    QCOMPARE(e.headers.size(), 2);
    QCOMPARE(m_model->event(999).id, qint64(0));

    QCOMPARE(m_model->copies(2), (QList<qint64> {1, 2, 5}));
    QCOMPARE(m_model->copies(1), (QList<qint64> {1, 2, 5}));
    QCOMPARE(m_model->copies(3), QList<qint64> {3});
    QCOMPARE(m_model->copies(4), QList<qint64>()); // no key
}

void TestEventTableModel::payloadStaysPlainText()
{
    const QString html = QStringLiteral("<img src=x><b>bold</b>");
    StoredEvent e = envelope(T0 + 10000, QStringLiteral("invoices"), QStringLiteral("created"), html, html);
    e.event = html;
    e.message = html;
    e.path = html.toUtf8();
    e.body = "{\"message\":\"" + html.toUtf8() + "\"}";
    QCOMPARE(insertAll(*m_writer, {e}), QList<qint64> {7});
    openModel();
    QCOMPARE(m_model->index(0, EventTableModel::Event).data().toString(), html);
    QCOMPARE(m_model->index(0, EventTableModel::Path).data().toString(), html);
    QCOMPARE(m_model->index(0, EventTableModel::Environment).data().toString(), html);
    QCOMPARE(m_model->index(0, EventTableModel::Key).data().toString(), html);
    QCOMPARE(m_model->event(7).message, html);
    for (int column = 0; column < m_model->columnCount(); ++column) {
        QVERIFY(!m_model->index(0, column).data().toString().contains(QLatin1String("&lt;")));
    }
}

void TestEventTableModel::missingHistoryIsRefusedAndNotCreated()
{
    const QString path = m_history->path(QStringLiteral("missing.sqlite"));
    const QStringList before = QDir(QFileInfo(path).path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counts(&model, &EventTableModel::countsChanged);
    QVERIFY(!model.open(path));
    QVERIFY2(model.errorString().contains(QStringLiteral("no such history")), qPrintable(model.errorString()));
    QVERIFY(model.errorString().contains(path));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QDir(QFileInfo(path).path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
    // Without a history the model stays empty and quiet.
    model.eventsStored({1});
    model.setFilter(channels({QStringLiteral("invoices")}));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.event(1).id, qint64(0));
}

void TestEventTableModel::filterShowsItsFirstPageThenEveryRow()
{
    QCOMPARE(addInvoices(*m_writer, 500).size(), 500);
    openModel();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QItemSelectionModel selection(m_model.get());
    int rowsAtFirstPage = -1;
    qint64 selectedId = 0;
    QPersistentModelIndex selected;
    QObject context;
    // When the first page is in, the user selects a row of it.
    connect(m_model.get(), &EventTableModel::listingChanged, &context, [&] {
        if (m_model->hasFirstRows() && m_model->isListing() && rowsAtFirstPage < 0) {
            rowsAtFirstPage = m_model->rowCount();
            selected = m_model->index(150, EventTableModel::Time);
            selection.setCurrentIndex(selected, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            selectedId = m_model->eventId(150);
        }
    });
    const EventFilter invoices = channels({QStringLiteral("invoices")});
    m_model->setFilter(invoices);
    QVERIFY(!m_model->hasFirstRows());
    QTRY_VERIFY(!m_model->isListing());

    // 503 invoices: the newest 200 first, then the other 303 below them, without a reset.
    QCOMPARE(rowsAtFirstPage, 200);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 199);
    QCOMPARE(inserted.at(1).at(1).toInt(), 200);
    QCOMPARE(inserted.at(1).at(2).toInt(), 502);
    QCOMPARE(shownIds(), m_writer->ids(invoices));
    // The selection stayed on its row and event.
    QCOMPARE(selected.row(), 150);
    QCOMPARE(selection.currentIndex().row(), 150);
    QCOMPARE(m_model->eventId(selection.currentIndex().row()), selectedId);
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(m_model->index(502, EventTableModel::Time).data().toString(), localTime(T0));

    // A filter with fewer matches than a page is listed in one answer.
    inserted.clear();
    filterAndWait(search(QStringLiteral("needle")));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(shownIds(), QList<qint64> {4});
}

void TestEventTableModel::arrivalsDuringAListingShowOnce()
{
    QCOMPARE(addInvoices(*m_writer, 500).size(), 500);
    openModel();
    EventStore capture;
    QVERIFY2(capture.open(m_history->path()), qPrintable(capture.errorString()));
    QList<qint64> betweenAnswers;
    QObject context;
    // Between the first page and the rest: more events arrive, and are announced.
    connect(m_model.get(), &EventTableModel::listingChanged, &context, [&] {
        if (m_model->hasFirstRows() && m_model->isListing() && betweenAnswers.isEmpty()) {
            betweenAnswers = addInvoices(capture, 3, T0 + 30000);
            m_model->eventsStored(betweenAnswers);
        }
    });
    // Committed before the filter changes but not announced yet: the worker reads them, and must
    // leave them to their announcement, or they would show twice.
    const QList<qint64> unannounced = addInvoices(capture, 2, T0 + 15000);
    const EventFilter staging = environments({QStringLiteral("staging")});
    m_model->setFilter(staging);

    // Before the first page: shown at once, at the top.
    const QList<qint64> early = addInvoices(capture, 4, T0 + 20000);
    m_model->eventsStored(early);
    QCOMPARE(shownIds(), (QList<qint64> {early.at(3), early.at(1), unannounced.at(1)}));
    // Committed while the worker lists, announced once it is done.
    const QList<qint64> late = addInvoices(capture, 2, T0 + 40000);
    QTRY_VERIFY(!m_model->isListing());
    QVERIFY(!betweenAnswers.isEmpty());
    m_model->eventsStored(late);

    const QList<qint64> shown = shownIds();
    QCOMPARE(QSet<qint64>(shown.cbegin(), shown.cend()).size(), shown.size());
    QCOMPARE(shown, m_writer->ids(staging));
    QVERIFY(shown.contains(late.at(1)));
    QVERIFY(shown.contains(betweenAnswers.at(1)));
    QCOMPARE(m_model->totalCount(), 6 + 500 + 2 + 4 + 3 + 2);
}

void TestEventTableModel::replacedFiltersNeverShowTheirRows()
{
    QCOMPARE(addInvoices(*m_writer, 1000).size(), 1000);
    openModel();
    EventFilter last = channels({QStringLiteral("invoices")});
    last.environments = {QStringLiteral("staging")};
    const QList<qint64> expected = m_writer->ids(last);
    QCOMPARE(expected.size(), 503);
    const QSet<qint64> allowed(expected.cbegin(), expected.cend());
    QList<qint64> wrong;
    QObject context;
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, &context, [&](const QModelIndex&, int first, int end) {
        for (int row = first; row <= end; ++row) {
            if (!allowed.contains(m_model->eventId(row))) {
                wrong.append(m_model->eventId(row));
            }
        }
    });
    // Changed twice more before the first one is answered: only the last one's rows may show.
    m_model->setFilter(channels({QStringLiteral("invoices")}));
    m_model->setFilter(search(QStringLiteral("production")));
    m_model->setFilter(last);
    QTRY_VERIFY(!m_model->isListing());
    QCOMPARE(wrong, QList<qint64>());
    QCOMPARE(shownIds(), expected);
}

void TestEventTableModel::deletingTakesOutOnlyThoseRows()
{
    QCOMPARE(addInvoices(*m_writer, 300).size(), 300);
    openModel();
    QItemSelectionModel selection(m_model.get());
    const QModelIndex kept = m_model->index(100, 0);
    selection.setCurrentIndex(kept, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const qint64 keptId = m_model->eventId(100);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    // Deleted rows go at once, without a reset: the selected event keeps its selection.
    QVERIFY(m_model->remove({306, 200, 199, 2}));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(m_model->rowCount(), 302);
    QCOMPARE(m_model->totalCount(), 302);
    QCOMPARE(m_model->duplicateCount(), 1); // 5 is a retry of 1 still; 2 is gone
    QCOMPARE(m_model->eventId(selection.currentIndex().row()), keptId);
    QCOMPARE(m_model->rowOf(200), -1);
    QCOMPARE(m_model->rowOf(306), -1);
    QCOMPARE(shownIds(), m_writer->ids(EventFilter()));
    QCOMPARE(
        m_model->index(m_model->rowOf(1), EventTableModel::Duplicate).data().toString(), QStringLiteral("\u00d72"));

    // The newest event deleted: the next one gets its id again, and is shown.
    const QList<qint64> again = addInvoices(*m_writer, 1, T0 + 50000);
    QCOMPARE(again, QList<qint64> {306});
    m_model->eventsStored(again);
    QCOMPARE(m_model->eventId(0), qint64(306));
    QCOMPARE(m_model->totalCount(), 303);

    // Clearing the history empties the table.
    QVERIFY(m_model->clearHistory());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), 0);
    QTRY_VERIFY(!m_model->isListing());
    QCOMPARE(m_model->rowCount(), 0);
}

void TestEventTableModel::reloadKeepsTheRowsInPlace()
{
    QCOMPARE(addInvoices(*m_writer, 300).size(), 300);
    openModel();
    QItemSelectionModel selection(m_model.get());
    selection.setCurrentIndex(m_model->index(100, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const qint64 selectedId = m_model->eventId(100);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    // Deleted behind the table's back, as a retention run does: the newest event and two others.
    QVERIFY(m_writer->remove({306, 150, 2}));
    m_model->reload();
    // At once: the counts, and the newest row (its id is given out again); the others are checked
    // against a new list on a worker, and stay in place meanwhile.
    QCOMPARE(m_model->totalCount(), 303);
    QCOMPARE(m_model->rowCount(), 305);
    QVERIFY(m_model->isListing());
    QVERIFY(m_model->hasFirstRows());
    // An arrival meanwhile comes in at the top, as ever.
    const QList<qint64> arrived = addInvoices(*m_writer, 1, T0 + 50000);
    QCOMPARE(arrived, QList<qint64> {306});
    m_model->eventsStored(arrived);
    QTRY_VERIFY(!m_model->isListing());

    QCOMPARE(resets.count(), 0);
    QCOMPARE(shownIds(), m_writer->ids(EventFilter()));
    QCOMPARE(m_model->rowCount(), 304);
    QCOMPARE(m_model->eventId(selection.currentIndex().row()), selectedId);
    QCOMPARE(
        m_model->index(m_model->rowOf(1), EventTableModel::Duplicate).data().toString(), QStringLiteral("\u00d72"));
    QCOMPARE(m_model->totalCount(), 304);

    // Emptied behind its back: the table empties too.
    QVERIFY(m_writer->clear());
    m_model->reload();
    QTRY_VERIFY(!m_model->isListing());
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), 0);
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "TestEventTableModel.moc"
