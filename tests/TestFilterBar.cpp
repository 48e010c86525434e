#include "CaptureServer.h"
#include "Catalog.h"
#include "EventActions.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "TestSupport.h"
#include "TimeRangeButton.h"
#include "TimelineWidget.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

#include <memory>

namespace {

constexpr qint64 MinuteMs = 60 * 1000;
constexpr qint64 HourMs = 60 * MinuteMs;

struct Seed
{
    const char* event; ///< "" for a request that is not an envelope
    const char* method;
    const char* path;
    qint64 ageMs; ///< how long before the test's start it arrived
};

// The history every test starts from: 2 invoices, 1 clients, 2 of a channel the catalog does not
// know (with that problem), 1 request that is no envelope; spread over two days.
const Seed Seeds[] = {
    {"invoices.created", "POST", "/webhook", 2 * 24 * HourMs},
    {"invoices.updated", "PUT", "/webhook/invoices", 3 * HourMs},
    {"clients.created", "POST", "/hooks/clients", 30 * MinuteMs},
    {"widgets.created", "POST", "/webhook", 5 * MinuteMs},
    {"widgets.updated", "PATCH", "/webhook", 4 * MinuteMs},
    {"", "GET", "/health", 1 * MinuteMs},
};
constexpr int SeedCount = static_cast<int>(sizeof(Seeds) / sizeof(Seeds[0]));

StoredEvent seeded(const Seed& seed, qint64 now)
{
    StoredEvent e;
    e.receivedAtMs = now - seed.ageMs;
    e.method = seed.method;
    e.target = seed.path;
    e.path = seed.path;
    e.httpVersion = "HTTP/1.1";
    e.remote = QStringLiteral("127.0.0.1:4000");
    e.responseStatus = 200;
    const QString event = QString::fromLatin1(seed.event);
    if (event.isEmpty()) {
        e.body = "ok=1";
        return e;
    }
    e.body = providerWebhook(seed.event, newKey());
    e.event = event;
    e.channel = event.section(QLatin1Char('.'), 0, 0);
    e.action = event.section(QLatin1Char('.'), 1);
    e.environment = QStringLiteral("staging");
    if (!Catalog::builtIn().hasChannel(e.channel)) {
        e.problems = {QStringLiteral("unknown channel: %1").arg(e.channel)};
    }
    return e;
}

} // namespace

/// The filter bar in the real window (offscreen) over a real history, with a real capture server.
class TestFilterBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void storeCountsEveryChannel();
    void channelListShowsCounts();
    void unknownChannelFiltersRows();
    void countsFollowArrivalsAndDeletes();
    void methodFiltersRows_data();
    void methodFiltersRows();
    void pathFiltersRows_data();
    void pathFiltersRows();
    void presetRangesFilterRows_data();
    void presetRangesFilterRows();
    void customRangeFiltersRows();
    void timelineDragAndRangeControlsAgree();
    void ctrlLClearsEverything();
    void ctrlFFocusesTheSearch();
    void wholeFilterSurvivesARestart();

private:
    void openWindow();
    qint64 post(const QByteArray& body);
    /// The table shows the bar's filter, completely listed.
    bool settled() const;
    int rowsShown() const { return m_model->rowCount(); }
    /// The channel list's text for @p channel ("" = no channel), or a null string when it is not listed.
    QString channelText(const QString& channel) const;
    void choose(QComboBox* box, const QVariant& data);
    void trigger(const char* actionName);
    template<typename T> T* find(const char* objectName) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(objectName));
    }

    qint64 m_now = 0;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestFilterBar::initTestCase()
{
    // Settings go to a throwaway place, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestFilterBar"));
    QSettings().clear();
}

void TestFilterBar::cleanupTestCase()
{
    QSettings().clear();
}

void TestFilterBar::init()
{
    QSettings().clear();
    m_history = std::make_unique<TempHistory>();
    m_now = QDateTime::currentMSecsSinceEpoch();
    {
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
        QVERIFY(store.begin());
        for (const Seed& seed : Seeds) {
            StoredEvent e = seeded(seed, m_now);
            QVERIFY2(store.insert(e), qPrintable(store.errorString()));
        }
        QVERIFY(store.commit());
    }
    openWindow();
}

void TestFilterBar::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_history.reset();
}

void TestFilterBar::openWindow()
{
    m_window.reset();
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    QVERIFY(m_server->start(m_history->path()));
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY(settled());
}

qint64 TestFilterBar::post(const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

bool TestFilterBar::settled() const
{
    return m_model->filter() == m_window->filterBar()->filter() && !m_model->isListing();
}

QString TestFilterBar::channelText(const QString& channel) const
{
    const auto* box = find<QComboBox>("channelComboBox");
    const int index = box->findData(channel);
    return index < 0 ? QString() : box->itemText(index);
}

void TestFilterBar::choose(QComboBox* box, const QVariant& data)
{
    const int index = box->findData(data);
    QVERIFY2(index > 0, qPrintable(data.toString()));
    box->setCurrentIndex(index);
}

void TestFilterBar::trigger(const char* actionName)
{
    auto* action = find<QAction>(actionName);
    QVERIFY2(action, actionName);
    action->trigger();
}

void TestFilterBar::storeCountsEveryChannel()
{
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    bool ok = false;
    const QHash<QString, qint64> counts = store.channelCounts(&ok);
    QVERIFY(ok);
    const QHash<QString, qint64> expected {{QStringLiteral("invoices"), 2}, {QStringLiteral("clients"), 1},
        {QStringLiteral("widgets"), 2}, {QString(), 1}};
    QCOMPARE(counts, expected);
    QVERIFY(store.clear());
    QVERIFY(store.channelCounts(&ok).isEmpty());
    QVERIFY(ok);
}

void TestFilterBar::channelListShowsCounts()
{
    auto* box = find<QComboBox>("channelComboBox");
    QTRY_COMPARE(channelText(QStringLiteral("invoices")), QStringLiteral("invoices (2)"));
    QCOMPARE(box->itemText(0), QStringLiteral("All channels (%1)").arg(SeedCount));
    QCOMPARE(channelText(QStringLiteral("clients")), QStringLiteral("clients (1)"));
    // Never seen, still listed.
    QCOMPARE(channelText(QStringLiteral("business_loans")), QStringLiteral("business_loans (0)"));
    QCOMPARE(channelText(QStringLiteral("widgets")), QStringLiteral("widgets (2) \u2014 not in catalog"));
    QCOMPARE(channelText(QString()), QStringLiteral("(no channel) (1)"));
    // All, every channel of the catalog, the unknown one, no channel.
    QCOMPARE(box->count(), 1 + static_cast<int>(Catalog::builtIn().channels().size()) + 1 + 1);
    QCOMPARE(box->currentIndex(), 0);
    QVERIFY(m_window->filterBar()->filter().isEmpty());
}

void TestFilterBar::unknownChannelFiltersRows()
{
    QTRY_VERIFY(!channelText(QStringLiteral("widgets")).isEmpty());
    choose(find<QComboBox>("channelComboBox"), QStringLiteral("widgets"));
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 2);
    choose(find<QComboBox>("channelComboBox"), QString());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 1);
    QCOMPARE(m_model->data(m_model->index(0, EventTableModel::Path)).toString(), QStringLiteral("/health"));
}

void TestFilterBar::countsFollowArrivalsAndDeletes()
{
    auto* box = find<QComboBox>("channelComboBox");
    QTRY_COMPARE(channelText(QStringLiteral("clients")), QStringLiteral("clients (1)"));
    choose(box, QStringLiteral("clients"));
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 1);
    int filterChanges = 0;
    connect(m_window->filterBar(), &FilterBar::filterChanged, this, [&filterChanges] { ++filterChanges; });

    QVERIFY(post(providerWebhook("invoices.created", newKey())) > 0);
    QVERIFY(post(providerWebhook("invoices.deleted", newKey())) > 0);
    QVERIFY(post(providerWebhook("gadgets.created", newKey())) > 0);
    QTRY_COMPARE(channelText(QStringLiteral("invoices")), QStringLiteral("invoices (4)"));
    QTRY_COMPARE(channelText(QStringLiteral("gadgets")), QStringLiteral("gadgets (1) \u2014 not in catalog"));
    QCOMPARE(box->itemText(0), QStringLiteral("All channels (%1)").arg(SeedCount + 3));
    // New counts leave the choice alone.
    QCOMPARE(box->currentData().toString(), QStringLiteral("clients"));
    QCOMPARE(filterChanges, 0);
    QCOMPARE(m_model->filter().channels, QStringList {QStringLiteral("clients")});
    QCOMPARE(rowsShown(), 1);

    // A delete through the table's action recounts at once.
    m_window->eventActions()->setConfirm([](const QString&) { return true; });
    box->setCurrentIndex(0);
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), SeedCount + 3);
    // The newest row: gadgets.created.
    QCOMPARE(m_model->data(m_model->index(0, EventTableModel::Event)).toString(), QStringLiteral("gadgets.created"));
    m_window->table()->selectRow(0);
    m_window->eventActions()->deleteAction()->trigger();
    QTRY_VERIFY(channelText(QStringLiteral("gadgets")).isNull());
    QCOMPARE(box->itemText(0), QStringLiteral("All channels (%1)").arg(SeedCount + 2));
}

void TestFilterBar::methodFiltersRows_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("typed");
    QTest::addColumn<int>("rows");
    QTest::newRow("POST from the list") << "POST" << false << 3;
    QTest::newRow("PUT from the list") << "PUT" << false << 1;
    QTest::newRow("GET from the list") << "GET" << false << 1;
    QTest::newRow("PATCH typed") << "PATCH" << true << 1;
    QTest::newRow("unlisted method typed") << "PROPFIND" << true << 0;
    QTest::newRow("lower case is another method") << "post" << true << 0;
}

void TestFilterBar::methodFiltersRows()
{
    QFETCH(QString, method);
    QFETCH(bool, typed);
    QFETCH(int, rows);
    auto* box = find<QComboBox>("methodComboBox");
    QVERIFY(box);
    if (typed) {
        box->lineEdit()->setFocus();
        QTest::keyClicks(box->lineEdit(), method);
        QTest::keyClick(box->lineEdit(), Qt::Key_Return);
    } else {
        choose(box, method);
    }
    QTRY_COMPARE(m_window->filterBar()->filter().method, method);
    QTRY_VERIFY(settled());
    QCOMPARE(m_model->filter().method, method);
    QCOMPARE(rowsShown(), rows);

    // "Any method" from the list opens it again.
    box->setCurrentIndex(0);
    emit box->activated(0);
    QTRY_VERIFY(m_window->filterBar()->filter().method.isEmpty());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), SeedCount);
}

void TestFilterBar::pathFiltersRows_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("rows");
    QTest::newRow("prefix") << "/webhook" << 4;
    QTest::newRow("middle") << "invoices" << 1;
    QTest::newRow("other folder") << "/hooks/" << 1;
    QTest::newRow("case-sensitive") << "/WEBHOOK" << 0;
    QTest::newRow("nowhere") << "/nothing" << 0;
}

void TestFilterBar::pathFiltersRows()
{
    QFETCH(QString, path);
    QFETCH(int, rows);
    auto* edit = find<QLineEdit>("pathLineEdit");
    QVERIFY(edit);
    QTest::keyClicks(edit, path);
    QTRY_COMPARE(m_model->filter().pathContains, path); // after the pause in typing
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), rows);
}

void TestFilterBar::presetRangesFilterRows_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("label");
    QTest::newRow("last 15 minutes") << "last15MinutesAction" << 3 << "Last 15 min";
    QTest::newRow("last hour") << "lastHourAction" << 4 << "Last hour";
    QTest::newRow("last 24 hours") << "last24HoursAction" << 5 << "Last 24 h";
    QTest::newRow("any time") << "anyTimeAction" << SeedCount << "Any time";
}

void TestFilterBar::presetRangesFilterRows()
{
    QFETCH(QString, action);
    QFETCH(int, rows);
    QFETCH(QString, label);
    trigger(action.toLatin1().constData());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), rows);
    const EventFilter filter = m_window->filterBar()->filter();
    QCOMPARE(filter.until, qint64(0)); // open at the end: live events keep coming in
    QCOMPARE(find<QToolButton>("timeRangeButton")->text(), label);
    // The strip draws the same range, the open end up to its right edge.
    auto* timeline = m_window->findChild<TimelineWidget*>();
    QCOMPARE(timeline->selectionSince(), filter.since);
    if (filter.since == 0) {
        QCOMPARE(timeline->selectionUntil(), qint64(0));
    } else {
        QVERIFY(timeline->selectionUntil() >= timeline->to());
    }
}

void TestFilterBar::customRangeFiltersRows()
{
    trigger("customRangeAction");
    auto* popup = find<QWidget>("customRangePopup");
    QVERIFY(popup);
    QTRY_VERIFY(popup->isVisible());
    find<QCheckBox>("sinceCheckBox")->setChecked(true);
    find<QCheckBox>("untilCheckBox")->setChecked(true);
    auto* since = find<QDateTimeEdit>("sinceDateTimeEdit");
    auto* until = find<QDateTimeEdit>("untilDateTimeEdit");
    auto* apply = find<QPushButton>("applyRangeButton");
    // An empty range can't be applied.
    since->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 20 * MinuteMs));
    until->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 4 * HourMs));
    QVERIFY(!apply->isEnabled());
    // 4 h to 20 min ago: invoices.updated (3 h) and clients.created (30 min).
    since->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 4 * HourMs));
    until->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 20 * MinuteMs));
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(!popup->isVisible());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 2);
    const EventFilter filter = m_window->filterBar()->filter();
    // The editors show whole seconds.
    QCOMPARE(filter.since, (m_now - 4 * HourMs) / 1000 * 1000);
    QCOMPARE(filter.until, (m_now - 20 * MinuteMs) / 1000 * 1000);
    const QString label = find<QToolButton>("timeRangeButton")->text();
    QVERIFY2(label.contains(QStringLiteral(" \u2013 ")), qPrintable(label));

    // Only a start: open at the end.
    trigger("customRangeAction");
    find<QCheckBox>("untilCheckBox")->setChecked(false);
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_VERIFY(settled());
    QCOMPARE(m_window->filterBar()->filter().until, qint64(0));
    QCOMPARE(rowsShown(), 5);
}

void TestFilterBar::timelineDragAndRangeControlsAgree()
{
    auto* timeline = m_window->findChild<TimelineWidget*>();
    QVERIFY(timeline);
    QTRY_VERIFY(timeline->to() > timeline->from()); // the worker has drawn the history
    const QRect plot = timeline->plotRect();
    const int y = plot.center().y();
    QTest::mousePress(timeline, Qt::LeftButton, {}, QPoint(plot.left() + plot.width() * 3 / 4, y));
    QTest::mouseMove(timeline, QPoint(plot.right() - 2, y));
    QTest::mouseRelease(timeline, Qt::LeftButton, {}, QPoint(plot.right() - 2, y));

    // Dragging sets the bar's range, which the table follows.
    const EventFilter filter = m_window->filterBar()->filter();
    QVERIFY(filter.since > 0);
    QVERIFY(filter.until > filter.since);
    QCOMPARE(filter.since, timeline->selectionSince());
    QCOMPARE(filter.until, timeline->selectionUntil());
    QVERIFY(find<QToolButton>("timeRangeButton")->text() != QStringLiteral("Any time"));
    QTRY_VERIFY(settled());
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    const qint64 expected = store.count(filter);
    QVERIFY(expected > 0 && expected < SeedCount);
    QCOMPARE(rowsShown(), static_cast<int>(expected));

    // A preset replaces the dragged range on the strip too.
    trigger("lastHourAction");
    QCOMPARE(timeline->selectionSince(), m_window->filterBar()->filter().since);
    QVERIFY(timeline->selectionUntil() >= timeline->to());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 4);

    // A double-click on the strip opens the range again, in the bar as well.
    QTest::mouseDClick(timeline, Qt::LeftButton, {}, plot.center());
    QCOMPARE(m_window->filterBar()->filter().since, qint64(0));
    QCOMPARE(find<QToolButton>("timeRangeButton")->text(), QStringLiteral("Any time"));
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), SeedCount);
}

void TestFilterBar::ctrlLClearsEverything()
{
    QTRY_VERIFY(!channelText(QStringLiteral("widgets")).isEmpty());
    choose(find<QComboBox>("channelComboBox"), QStringLiteral("widgets"));
    choose(find<QComboBox>("methodComboBox"), QStringLiteral("PATCH"));
    QTest::keyClicks(find<QLineEdit>("pathLineEdit"), QStringLiteral("/webhook"));
    QTest::keyClicks(find<QLineEdit>("searchLineEdit"), QStringLiteral("widgets"));
    trigger("last15MinutesAction");
    find<QCheckBox>("problemsOnlyCheckBox")->setChecked(true);
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 1);
    auto* clear = find<QToolButton>("clearFilterButton");
    QVERIFY(clear->isEnabled()); // a filter is on, and says so

    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(m_window->filterBar()->filter().isEmpty());
    QVERIFY(find<QComboBox>("methodComboBox")->currentText().isEmpty());
    QVERIFY(find<QLineEdit>("pathLineEdit")->text().isEmpty());
    QCOMPARE(find<QToolButton>("timeRangeButton")->text(), QStringLiteral("Any time"));
    QCOMPARE(m_window->findChild<TimelineWidget*>()->selectionSince(), qint64(0));
    QVERIFY(!clear->isEnabled());
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), SeedCount);
}

void TestFilterBar::ctrlFFocusesTheSearch()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    find<QLineEdit>("pathLineEdit")->setFocus();
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(find<QLineEdit>("searchLineEdit")->hasFocus());
}

void TestFilterBar::wholeFilterSurvivesARestart()
{
    choose(find<QComboBox>("methodComboBox"), QStringLiteral("POST"));
    QTest::keyClicks(find<QLineEdit>("pathLineEdit"), QStringLiteral("/webhook"));
    QTest::keyClick(find<QLineEdit>("pathLineEdit"), Qt::Key_Return);
    trigger("customRangeAction");
    find<QCheckBox>("sinceCheckBox")->setChecked(true);
    find<QCheckBox>("untilCheckBox")->setChecked(true);
    find<QDateTimeEdit>("sinceDateTimeEdit")->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 3 * 24 * HourMs));
    find<QDateTimeEdit>("untilDateTimeEdit")->setDateTime(QDateTime::fromMSecsSinceEpoch(m_now - 2 * MinuteMs));
    QTest::mouseClick(find<QPushButton>("applyRangeButton"), Qt::LeftButton);
    // A channel the catalog does not know: listed again on the next launch before any count.
    QTRY_VERIFY(!channelText(QStringLiteral("widgets")).isEmpty());
    choose(find<QComboBox>("channelComboBox"), QStringLiteral("widgets"));
    QTRY_VERIFY(settled());
    QCOMPARE(rowsShown(), 1); // widgets.created, POST /webhook, 5 min ago
    const EventFilter saved = m_window->filterBar()->filter();
    QCOMPARE(saved.method, QStringLiteral("POST"));
    QVERIFY(saved.since != 0 && saved.until != 0);

    m_window->close(); // saves the settings
    openWindow();
    const EventFilter restored = m_window->filterBar()->filter();
    QCOMPARE(restored, saved);
    QCOMPARE(m_model->filter(), saved);
    QCOMPARE(find<QComboBox>("methodComboBox")->currentText(), QStringLiteral("POST"));
    QCOMPARE(find<QLineEdit>("pathLineEdit")->text(), QStringLiteral("/webhook"));
    QCOMPARE(m_window->findChild<TimelineWidget*>()->selectionSince(), saved.since);
    QCOMPARE(rowsShown(), 1);
    // Once counted, the restored channel keeps its place and gets its count.
    QTRY_COMPARE(channelText(QStringLiteral("widgets")), QStringLiteral("widgets (2) \u2014 not in catalog"));
    QCOMPARE(m_window->filterBar()->filter(), saved);
}

QTEST_MAIN(TestFilterBar)
#include "TestFilterBar.moc"
