#include "CaptureServer.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include <memory>

namespace {

constexpr qint64 T0 = 1795917180000; // 2026-11-29T09:53:00Z
constexpr int HistoryEvents = 300;

StoredEvent invoice(qint64 at)
{
    const QByteArray key = newKey();
    StoredEvent e;
    e.receivedAtMs = at;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.headers = {{"Host", "127.0.0.1:8787"}, {"Content-Type", "application/json"}};
    e.body = providerWebhook("invoices.created", key, "staging");
    e.contentType = "application/json";
    e.responseStatus = 200;
    e.channel = QStringLiteral("invoices");
    e.action = QStringLiteral("created");
    e.event = QStringLiteral("invoices.created");
    e.environment = QStringLiteral("staging");
    e.idempotencyKey = QString::fromLatin1(key);
    return e;
}

} // namespace

/// The "Follow newest" toggle: on, arrivals bring the newest row into view; off, they never move
/// the rows the user looks at. Either way the selection stays on the event the user chose.
/// The real window offscreen, a real server, a history of 300 events.
class TestFollowNewest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void followingShowsTheNewestAndKeepsTheSelection();
    void notFollowingKeepsTheRowsInView_data();
    void notFollowingKeepsTheRowsInView();
    void listingTheRestKeepsTheRowsInView_data();
    void listingTheRestKeepsTheRowsInView();

private:
    /// Posts @p count webhooks to the window's endpoint and waits until the table shows them.
    QList<qint64> post(int count);
    QTableView* table() const { return m_window->table(); }
    /// The event in the top row in view.
    qint64 topId() const { return m_model->eventId(table()->rowAt(0)); }
    qint64 currentId() const { return m_model->eventId(table()->selectionModel()->currentIndex().row()); }
    void setFollowing(bool on);
    /// Makes @p row the current, selected row, then puts @p topRow at the top of the view.
    void selectAndScroll(int row, int topRow);

    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestFollowNewest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestFollowNewest"));
    QSettings().clear();
}

void TestFollowNewest::init()
{
    m_history = std::make_unique<TempHistory>();
    {
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
        QVERIFY(store.begin());
        for (int i = 0; i < HistoryEvents; ++i) {
            StoredEvent e = invoice(T0 + i * 1000);
            QVERIFY(store.insert(e));
        }
        QVERIFY(store.commit());
    }
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY(m_server->start(m_history->path()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(!m_model->isListing());
    QCOMPARE(m_model->rowCount(), HistoryEvents);
    // Room for some rows, far fewer than the history holds.
    QVERIFY2(table()->rowAt(table()->viewport()->height() - 1) > 5, "the table shows too few rows");
}

void TestFollowNewest::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

QList<qint64> TestFollowNewest::post(int count)
{
    QList<qint64> ids;
    const int before = m_model->rowCount();
    for (int i = 0; i < count; ++i) {
        RawHttpClient client;
        if (!client.connectTo(m_server->port())) {
            return {};
        }
        client.send(RawHttpClient::post(providerWebhook("invoices.created", newKey())));
        const RawHttpClient::Response r = client.readResponse();
        if (r.status != 200) {
            return {};
        }
        ids.append(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger());
    }
    if (!QTest::qWaitFor([&] { return m_model->rowCount() == before + count; })) {
        return {};
    }
    return ids;
}

void TestFollowNewest::setFollowing(bool on)
{
    auto* follow = m_window->findChild<QAction*>(QStringLiteral("followAction"));
    QVERIFY(follow);
    follow->setChecked(on);
}

void TestFollowNewest::selectAndScroll(int row, int topRow)
{
    table()->selectRow(row);
    table()->scrollTo(m_model->index(topRow, 0), QAbstractItemView::PositionAtTop);
    QCOMPARE(table()->rowAt(0), topRow);
}

void TestFollowNewest::followingShowsTheNewestAndKeepsTheSelection()
{
    setFollowing(true);
    selectAndScroll(100, 150);
    const qint64 selected = currentId();
    QCOMPARE(selected, qint64(HistoryEvents - 100));

    const QList<qint64> arrived = post(3);
    QCOMPARE(arrived.size(), 3);
    // The newest row is in view, at the top...
    QCOMPARE(table()->verticalScrollBar()->value(), 0);
    QCOMPARE(topId(), arrived.last());
    // ...and the selection did not move to it: it is still on the event the user chose.
    QCOMPARE(currentId(), selected);
    QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(m_model->eventId(table()->selectionModel()->selectedRows().constFirst().row()), selected);
}

void TestFollowNewest::notFollowingKeepsTheRowsInView_data()
{
    QTest::addColumn<int>("topRow");
    QTest::newRow("at the top") << 0;
    QTest::newRow("scrolled down") << 120;
}

void TestFollowNewest::notFollowingKeepsTheRowsInView()
{
    QFETCH(int, topRow);
    setFollowing(false);
    selectAndScroll(topRow + 2, topRow);
    const qint64 top = topId();
    const qint64 selected = currentId();

    QCOMPARE(post(3).size(), 3);
    QCOMPARE(post(2).size(), 2);
    // The same events in the same place, five rows further down the table.
    QCOMPARE(topId(), top);
    QCOMPARE(table()->rowAt(0), topRow + 5);
    QCOMPARE(currentId(), selected);
    QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);

    // Turned back on, the next arrival brings the newest into view again.
    setFollowing(true);
    const QList<qint64> arrived = post(1);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(topId(), arrived.constFirst());
    QCOMPARE(currentId(), selected);
}

void TestFollowNewest::listingTheRestKeepsTheRowsInView_data()
{
    QTest::addColumn<bool>("following");
    QTest::newRow("following") << true;
    QTest::newRow("not following") << false;
}

void TestFollowNewest::listingTheRestKeepsTheRowsInView()
{
    QFETCH(bool, following);
    setFollowing(following);
    qint64 top = 0;
    qint64 selected = 0;
    QObject context;
    // Once the newest page of the filter is shown, the user selects and scrolls in it.
    connect(m_model.get(), &EventTableModel::listingChanged, &context, [&] {
        if (m_model->hasFirstRows() && m_model->isListing() && top == 0) {
            table()->doItemsLayout();
            selectAndScroll(150, 120);
            top = topId();
            selected = currentId();
        }
    });
    EventFilter invoices;
    invoices.channels = {QStringLiteral("invoices")};
    m_window->filterBar()->setFilter(invoices);
    QTRY_VERIFY(!m_model->isListing());
    QVERIFY(top != 0);
    // The other 100 rows went below: nothing moved, whatever the toggle says (they are not new).
    QCOMPARE(m_model->rowCount(), HistoryEvents);
    QCOMPARE(topId(), top);
    QCOMPARE(table()->rowAt(0), 120);
    QCOMPARE(currentId(), selected);
}

QTEST_MAIN(TestFollowNewest)
#include "TestFollowNewest.moc"
