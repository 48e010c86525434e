#include "Catalog.h"
#include "CatalogCounter.h"
#include "CatalogModel.h"
#include "CatalogView.h"
#include "DriftCheck.h"
#include "Envelope.h"
#include "EventStore.h"
#include "ShapeModel.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

#include <memory>

namespace {

QByteArray webhook(const QByteArray& event, const QByteArray& environment, const QByteArray& data)
{
    QByteArray body
        = "{\"event\":\"" + event + "\",\"message\":\"Done successfully.\",\"idempotency_key\":\"" + newKey() + "\"";
    if (!environment.isNull()) {
        body += ",\"environment\":\"" + environment + "\"";
    }
    return body + ",\"data\":" + data + "}";
}

const qint64 Base = 1764374400000LL; // 2025-11-29 00:00 UTC

} // namespace

/// The catalog view over a real history: counts per channel event and environment, "not yet seen",
/// the events outside the catalog, double-click, and each channel event's learned data shape.
class TestCatalogView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void storeCountsPerChannelEventAndEnvironment();
    void countsPerEnvironmentAndNotYetSeen();
    void outsideTheCatalogIsListedApart();
    void newEventsAreCountedAsTheyArrive();
    void deletedEventsAreCountedAgain();
    void doubleClickAsksForTheChannelEvent();
    void shapeShowsHowOftenEachFieldAppears();
    void acceptingTheNewestShape();

private:
    qint64 store(const QByteArray& body, qint64 receivedAtMs);
    /// A view over the history, counted once.
    std::unique_ptr<CatalogView> openView(const std::shared_ptr<DriftCheck>& drift = {});

    std::unique_ptr<TempHistory> m_history;
};

void TestCatalogView::init()
{
    m_history = std::make_unique<TempHistory>();
    EventStore created;
    QVERIFY(created.open(m_history->path()));
}

void TestCatalogView::cleanup()
{
    m_history.reset();
}

qint64 TestCatalogView::store(const QByteArray& body, qint64 receivedAtMs)
{
    EventStore s;
    if (!s.open(m_history->path(), EventStore::OpenMode::MustExist)) {
        return 0;
    }
    CapturedRequest request;
    request.method = "POST";
    request.target = "/webhook";
    request.httpVersion = "HTTP/1.1";
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body;
    request.receivedAtMs = receivedAtMs;
    const Envelope envelope = Envelope::parse("POST", "application/json", body, Catalog::builtIn());
    StoredEvent e = StoredEvent::fromCapture(std::move(request), envelope, 200);
    if (!s.begin() || !s.insert(e) || !s.commit()) {
        return 0;
    }
    return e.id;
}

std::unique_ptr<CatalogView> TestCatalogView::openView(const std::shared_ptr<DriftCheck>& drift)
{
    auto view = std::make_unique<CatalogView>(drift);
    QSignalSpy counted(view->counter(), &CatalogCounter::countsChanged);
    view->open(m_history->path());
    if (!counted.wait(10000)) {
        return nullptr;
    }
    return view;
}

void TestCatalogView::storeCountsPerChannelEventAndEnvironment()
{
    store(webhook("invoices.created", "staging", "{}"), Base);
    const qint64 second = store(webhook("invoices.created", "staging", "{}"), Base + 5);
    store(webhook("invoices.created", "production", "{}"), Base + 3);
    store("not json at all", Base + 9);
    EventStore s;
    QVERIFY(s.open(m_history->path(), EventStore::OpenMode::MustExist));
    bool ok = false;
    QList<CatalogCount> counts = s.catalogCounts(0, &ok);
    QVERIFY(ok);
    std::sort(counts.begin(), counts.end(),
        [](const CatalogCount& a, const CatalogCount& b) { return a.environment < b.environment; });
    QCOMPARE(counts.size(), 2); // the request without an envelope has no channel
    QCOMPARE(counts.at(0).environment, QStringLiteral("production"));
    QCOMPARE(counts.at(0).count, 1);
    QCOMPARE(counts.at(1).environment, QStringLiteral("staging"));
    QCOMPARE(counts.at(1).count, 2);
    QCOMPARE(counts.at(1).lastSeenMs, Base + 5);
    QCOMPARE(counts.at(1).lastId, second);
    // Only what came after an id: the window counts the history once, then the new events.
    const QList<CatalogCount> after = s.catalogCounts(second, &ok);
    QVERIFY(ok);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.constFirst().environment, QStringLiteral("production"));
}

void TestCatalogView::countsPerEnvironmentAndNotYetSeen()
{
    for (int i = 0; i < 2; ++i) {
        store(webhook("invoices.created", "staging", "{}"), Base + i);
    }
    store(webhook("invoices.created", "production", "{}"), Base + 60000);
    store(webhook("invoices.updated", QByteArray(), "{}"), Base); // no environment: "other"
    const auto view = openView();
    QVERIFY(view);
    CatalogModel* model = view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), Catalog::builtIn().channels().size());
    QCOMPARE(model->catalogEvents(), Catalog::builtIn().eventCount());
    QCOMPARE(model->catalogEvents(), 77);
    QCOMPARE(model->seenEvents(), 2);

    const QModelIndex created = model->indexOf(QStringLiteral("invoices"), QStringLiteral("created"));
    QVERIFY(created.isValid());
    QCOMPARE(created.siblingAtColumn(CatalogModel::Staging).data().toString(), QStringLiteral("2"));
    QCOMPARE(created.siblingAtColumn(CatalogModel::Production).data().toString(), QStringLiteral("1"));
    QCOMPARE(created.siblingAtColumn(CatalogModel::Other).data().toString(), QString());
    QCOMPARE(created.data(CatalogModel::TotalRole).toLongLong(), 3);
    QCOMPARE(created.siblingAtColumn(CatalogModel::LastSeen).data().toString(),
        QDateTime::fromMSecsSinceEpoch(Base + 60000).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    QVERIFY(!created.data(Qt::ForegroundRole).isValid());

    const QModelIndex updated = model->indexOf(QStringLiteral("invoices"), QStringLiteral("updated"));
    QCOMPARE(updated.siblingAtColumn(CatalogModel::Other).data().toString(), QStringLiteral("1"));

    // Not yet seen, at a glance: said in words, greyed and in italics.
    const QModelIndex deleted = model->indexOf(QStringLiteral("invoices"), QStringLiteral("deleted"));
    QCOMPARE(deleted.siblingAtColumn(CatalogModel::LastSeen).data().toString(), QStringLiteral("not yet seen"));
    QVERIFY(!deleted.data(CatalogModel::SeenRole).toBool());
    QVERIFY(deleted.data(Qt::ForegroundRole).isValid());
    QVERIFY(deleted.data(Qt::FontRole).value<QFont>().italic());
    const QModelIndex ledgers = model->indexOf(QStringLiteral("ledgers"), QStringLiteral("created"));
    QCOMPARE(ledgers.siblingAtColumn(CatalogModel::LastSeen).data().toString(), QStringLiteral("not yet seen"));
    QCOMPARE(
        ledgers.parent().siblingAtColumn(CatalogModel::LastSeen).data().toString(), QStringLiteral("not yet seen"));

    // The channel row sums its events and says how many were seen.
    const QModelIndex invoices = created.parent();
    QCOMPARE(invoices.data(CatalogModel::TotalRole).toLongLong(), 4);
    QVERIFY(invoices.data().toString().contains(QStringLiteral("2 of 3 seen")));
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("catalogSummaryLabel"))->text(),
        QStringLiteral("2 of 77 channel events seen"));
    QVERIFY(!model->outsideGroup().isValid());
}

void TestCatalogView::outsideTheCatalogIsListedApart()
{
    store(webhook("business.created", "staging", "{}"), Base); // business offers only "updated"
    store(webhook("business.created", "production", "{}"), Base + 1);
    store(webhook("nosuch.updated", "staging", "{}"), Base + 2);
    store(webhook("business.updated", "staging", "{}"), Base + 3);
    const auto view = openView();
    QVERIFY(view);
    CatalogModel* model = view->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex outside = model->outsideGroup();
    QVERIFY(outside.isValid());
    QCOMPARE(outside.row(), Catalog::builtIn().channels().size()); // after every channel
    QVERIFY(outside.data(CatalogModel::OutsideRole).toBool());
    QVERIFY(outside.data(Qt::DecorationRole).isValid());
    QCOMPARE(model->rowCount(outside), 2);
    const QModelIndex created = model->index(0, 0, outside);
    QCOMPARE(created.data().toString(), QStringLiteral("business.created"));
    QCOMPARE(created.siblingAtColumn(CatalogModel::Staging).data().toString(), QStringLiteral("1"));
    QCOMPARE(created.siblingAtColumn(CatalogModel::Production).data().toString(), QStringLiteral("1"));
    QVERIFY(created.data(Qt::ToolTipRole).toString().contains(QStringLiteral("doesn't offer created")));
    QVERIFY(created.data(Qt::DecorationRole).isValid());
    const QModelIndex unknown = model->index(1, 0, outside);
    QCOMPARE(unknown.data().toString(), QStringLiteral("nosuch.updated"));
    QVERIFY(unknown.data(Qt::ToolTipRole).toString().contains(QStringLiteral("no channel nosuch")));
    // The catalog's own business.updated is counted where it belongs.
    QCOMPARE(model->indexOf(QStringLiteral("business"), QStringLiteral("updated")).data(CatalogModel::TotalRole), 1);
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("catalogSummaryLabel"))
                ->text()
                .endsWith(QStringLiteral("2 outside the catalog")));
    // Their events say why they are flagged (the envelope's problem), so "with problems only" shows them.
    EventStore s;
    QVERIFY(s.open(m_history->path(), EventStore::OpenMode::MustExist));
    EventFilter problems;
    problems.problemsOnly = true;
    QCOMPARE(s.count(problems), 3);
}

void TestCatalogView::newEventsAreCountedAsTheyArrive()
{
    store(webhook("sales.created", "staging", "{}"), Base);
    const auto view = openView();
    QVERIFY(view);
    QCOMPARE(view->model()->seenEvents(), 1);
    QSignalSpy changed(view->counter(), &CatalogCounter::countsChanged);
    store(webhook("sales.created", "staging", "{}"), Base + 1);
    store(webhook("sales.deleted", "production", "{}"), Base + 2);
    store(webhook("nosuch.created", "production", "{}"), Base + 3);
    view->eventsStored();
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->seenEvents(), 2, 10000);
    QCOMPARE(changed.constLast().at(0).toBool(), false); // only the new ids were counted
    QCOMPARE(
        view->model()->indexOf(QStringLiteral("sales"), QStringLiteral("created")).data(CatalogModel::TotalRole), 2);
    QVERIFY(view->model()->outsideGroup().isValid());
}

void TestCatalogView::deletedEventsAreCountedAgain()
{
    const qint64 id = store(webhook("nosuch.created", "staging", "{}"), Base);
    store(webhook("sales.created", "staging", "{}"), Base + 1);
    const auto view = openView();
    QVERIFY(view);
    QVERIFY(view->model()->outsideGroup().isValid());
    EventStore s;
    QVERIFY(s.open(m_history->path(), EventStore::OpenMode::MustExist));
    QVERIFY(s.remove({id}));
    QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!view->model()->outsideGroup().isValid(), 10000);
    QCOMPARE(view->model()->seenEvents(), 1);
}

void TestCatalogView::doubleClickAsksForTheChannelEvent()
{
    store(webhook("quotes.updated", "staging", "{}"), Base);
    const auto view = openView();
    QVERIFY(view);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    QSignalSpy asked(view.get(), &CatalogView::filterRequested);
    view->showChannelEvent(QStringLiteral("quotes"), QStringLiteral("updated"));
    QTreeView* tree = view->findChild<QTreeView*>(QStringLiteral("catalogTreeView"));
    const QModelIndex index = view->model()->indexOf(QStringLiteral("quotes"), QStringLiteral("updated"));
    // The part of the name the view shows (a narrow view scrolls its whole names sideways).
    const QPoint at = tree->visualRect(index).intersected(tree->viewport()->rect()).center();
    // A double-click is a press and a release, then the second press (the view checks it hit the same row).
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(asked.size(), 1);
    const EventFilter filter = asked.constFirst().at(0).value<EventFilter>();
    QCOMPARE(filter.channels, QStringList {QStringLiteral("quotes")});
    QCOMPARE(filter.actions, QStringList {QStringLiteral("updated")});
    // A channel row asks for the whole channel.
    const EventFilter channel = CatalogView::filterFor(index.parent());
    QCOMPARE(channel.channels, QStringList {QStringLiteral("quotes")});
    QVERIFY(channel.actions.isEmpty());
}

void TestCatalogView::shapeShowsHowOftenEachFieldAppears()
{
    store(webhook("invoices.created", "staging", R"({"id":1,"amount":"1.00","tag":"a"})"), Base);
    store(webhook("invoices.created", "staging", R"({"id":2,"amount":"2.00"})"), Base + 1);
    store(webhook("invoices.created", "production", R"({"id":3,"amount":3})"), Base + 2);
    auto drift = std::make_shared<DriftCheck>();
    drift->setLearningEvents(1);
    drift->accept(QStringLiteral("invoices"), QStringLiteral("created"),
        DataShape::ofBody(webhook("invoices.created", "staging", R"({"id":1,"amount":"1.00"})")));
    const auto view = openView(drift);
    QVERIFY(view);
    ShapeModel* shapes = view->shapeModel();
    QAbstractItemModelTester tester(shapes, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy sampled(view->counter(), &CatalogCounter::sampled);
    view->showChannelEvent(QStringLiteral("invoices"), QStringLiteral("created"));
    QVERIFY(sampled.wait(10000));
    QCOMPARE(shapes->rowCount(), 3);
    const int amount = shapes->rowOf(QStringLiteral("data.amount"));
    QVERIFY(amount >= 0);
    QCOMPARE(shapes->index(amount, ShapeModel::Types).data().toString(), QStringLiteral("string or number"));
    QCOMPARE(shapes->index(amount, ShapeModel::Appears).data().toString(), QStringLiteral("3 of 3 (100%)"));
    QCOMPARE(shapes->index(amount, ShapeModel::Expected).data().toString(), QStringLiteral("required: string"));
    const int tag = shapes->rowOf(QStringLiteral("data.tag"));
    QCOMPARE(shapes->index(tag, ShapeModel::Appears).data().toString(), QStringLiteral("1 of 3 (33%)"));
    QCOMPARE(shapes->index(tag, ShapeModel::Expected).data().toString(), QStringLiteral("not expected"));
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("shapeStateLabel"))
                ->text()
                .contains(QStringLiteral("learned from 1 events")));
}

void TestCatalogView::acceptingTheNewestShape()
{
    store(webhook("invoices.created", "staging", R"({"id":1,"amount":"1.00"})"), Base);
    store(webhook("invoices.created", "staging", R"({"id":2,"amount":2,"notes":"x"})"), Base + 1);
    auto drift = std::make_shared<DriftCheck>();
    drift->setLearningEvents(1);
    drift->check(QStringLiteral("invoices"), QStringLiteral("created"),
        webhook("invoices.created", "staging", R"({"id":1,"amount":"1.00"})"));
    const QByteArray drifted = webhook("invoices.created", "staging", R"({"id":3,"amount":3,"notes":"y"})");
    QVERIFY(!drift->check(QStringLiteral("invoices"), QStringLiteral("created"), drifted).isEmpty());
    const auto view = openView(drift);
    QVERIFY(view);
    QSignalSpy sampled(view->counter(), &CatalogCounter::sampled);
    view->showChannelEvent(QStringLiteral("invoices"), QStringLiteral("created"));
    QVERIFY(sampled.wait(10000));
    auto* accept = view->findChild<QPushButton*>(QStringLiteral("acceptShapeButton"));
    QVERIFY(accept->isEnabled());
    accept->click();
    QCOMPARE(drift->check(QStringLiteral("invoices"), QStringLiteral("created"), drifted), QString());
    const int notes = view->shapeModel()->rowOf(QStringLiteral("data.notes"));
    QCOMPARE(
        view->shapeModel()->index(notes, ShapeModel::Expected).data().toString(), QStringLiteral("optional: string"));
    view->findChild<QPushButton*>(QStringLiteral("forgetShapeButton"))->click();
    QCOMPARE(drift->shape(QStringLiteral("invoices"), QStringLiteral("created")).events, 0);
}

QTEST_MAIN(TestCatalogView)
#include "TestCatalogView.moc"
