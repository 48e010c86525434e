#include "MainWindow.h"

#include "AboutDialog.h"
#include "CaptureServer.h"
#include "CaptureWarnings.h"
#include "ChannelCounter.h"
#include "DeliveryTools.h"
#include "DetailPane.h"
#include "EventActions.h"
#include "EventRowDelegate.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "ProviderTools.h"
#include "RefusalView.h"
#include "Retention.h"
#include "SettingsDialog.h"
#include "TimelineController.h"
#include "TimelineWidget.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <limits>

namespace {

QJsonObject filterToJson(const EventFilter& f)
{
    return QJsonObject {{QStringLiteral("channels"), QJsonArray::fromStringList(f.channels)},
        {QStringLiteral("actions"), QJsonArray::fromStringList(f.actions)},
        {QStringLiteral("environments"), QJsonArray::fromStringList(f.environments)}, {QStringLiteral("text"), f.text},
        {QStringLiteral("duplicatesOnly"), f.duplicatesOnly}, {QStringLiteral("problemsOnly"), f.problemsOnly},
        {QStringLiteral("method"), f.method}, {QStringLiteral("pathContains"), f.pathContains},
        {QStringLiteral("since"), f.since}, {QStringLiteral("until"), f.until}};
}

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    for (const QJsonValue& v : value.toArray()) {
        out.append(v.toString());
    }
    return out;
}

EventFilter filterFromJson(const QJsonObject& o)
{
    EventFilter f;
    f.channels = stringList(o.value(QStringLiteral("channels")));
    f.actions = stringList(o.value(QStringLiteral("actions")));
    f.environments = stringList(o.value(QStringLiteral("environments")));
    f.text = o.value(QStringLiteral("text")).toString();
    f.duplicatesOnly = o.value(QStringLiteral("duplicatesOnly")).toBool();
    f.problemsOnly = o.value(QStringLiteral("problemsOnly")).toBool();
    f.method = o.value(QStringLiteral("method")).toString();
    f.pathContains = o.value(QStringLiteral("pathContains")).toString();
    f.since = o.value(QStringLiteral("since")).toInteger();
    f.until = o.value(QStringLiteral("until")).toInteger();
    return f;
}

} // namespace

MainWindow::MainWindow(CaptureServer* server, EventTableModel* model, QWidget* parent)
    : QMainWindow(parent)
    , m_server(server)
    , m_model(model)
    , m_filterBar(new FilterBar(this))
    , m_table(new QTableView(this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_actions(nullptr)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Hookscope"));
    m_table->setObjectName(QStringLiteral("eventTableView"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new EventRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_actions = new EventActions(m_table, m_model, [this] { return m_server->url(); });

    m_dbPath = m_server->databasePath();
    buildToolBar();
    buildBanner();
    // Help > About: the version, the licence and the history file in use right now.
    QAction* about = menuBar()->addMenu(tr("&Help"))->addAction(tr("&About Hookscope"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        auto* dialog = new AboutDialog(m_dbPath, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_timeline = new TimelineWidget(this);
    m_timelineController = new TimelineController(m_timeline, this);
    m_timelineController->open(m_server->databasePath()); // set even when start() failed
    m_channelCounter = new ChannelCounter(this);
    connect(m_channelCounter, &ChannelCounter::countsChanged, m_filterBar, &FilterBar::setChannelCounts);
    m_channelCounter->open(m_server->databasePath());
    m_timelineDelay = new QTimer(this);
    m_timelineDelay->setSingleShot(true);
    m_timelineDelay->setInterval(300);
    connect(
        m_timelineDelay, &QTimer::timeout, this, [this] { m_timelineController->setFilter(m_pendingTimelineFilter); });
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(4, 4, 4, 0);
    topLayout->addWidget(m_banner);
    // Beyond loopback, or the history failing: said for as long as it lasts.
    topLayout->addWidget(new CaptureWarnings(m_server, top));
    topLayout->addWidget(m_filterBar);
    topLayout->addWidget(m_timeline);
    topLayout->addWidget(m_table, 1);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    setCentralWidget(m_splitter);

    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_filterBar, &FilterBar::focusSearch);
    auto* clear = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this);
    connect(clear, &QShortcut::activated, m_filterBar, &FilterBar::clear);

    connect(m_filterBar, &FilterBar::filterChanged, this, &MainWindow::applyFilter);
    // The time range lives in the filter bar: a drag across the strip sets it there, as its controls do.
    connect(m_timeline, &TimelineWidget::rangeSelected, m_filterBar, &FilterBar::setTimeRange);
    connect(m_timeline, &TimelineWidget::rangeCleared, m_filterBar, [this] { m_filterBar->setTimeRange(0, 0); });
    connect(m_actions, &EventActions::historyChanged, m_channelCounter, &ChannelCounter::refresh);
    connect(m_actions, &EventActions::historyChanged, m_timelineController, &TimelineController::refresh);
    connect(m_model, &EventTableModel::countsChanged, this, &MainWindow::updateCounts);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::showSelected);
    m_detail->setHistoryPath(m_dbPath);
    connect(m_detail, &DetailPane::jumpRequested, this, &MainWindow::jumpTo);
    connect(m_detail, &DetailPane::showAllRequested, this, &MainWindow::showEveryEvent);
    m_deliveryTools = new DeliveryTools(this, m_server, m_model, m_table, m_detail, m_dbPath);
    connect(m_deliveryTools, &DeliveryTools::eventRequested, this, &MainWindow::jumpTo);
    connect(m_deliveryTools, &DeliveryTools::historyChanged, m_actions, &EventActions::historyChanged);
    m_provider = new ProviderTools(this, m_server, m_model, m_table, m_filterBar, m_dbPath);
    connect(m_actions, &EventActions::historyChanged, m_provider, &ProviderTools::historyChanged);
    connect(m_retention, &Retention::eventsRemoved, m_provider, &ProviderTools::historyChanged);
    // A filter's rows are listed after its reset, in pages: a pending jump looks for its row in each.
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::selectPendingJump);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::selectPendingJump);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, &MainWindow::noteTopRow);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::followArrivals);
    // Under full ingest the writer commits hundreds of groups a second: the views catch up at most
    // ten times a second, so the GUI thread stays responsive (measured stalls: see tests/bench).
    m_arrivals = new QTimer(this);
    m_arrivals->setSingleShot(true);
    m_arrivals->setInterval(100);
    connect(m_arrivals, &QTimer::timeout, this, &MainWindow::showArrivals);
    connect(m_server, &CaptureServer::eventsStored, this, &MainWindow::countArrivals);

    auto* second = new QTimer(this);
    connect(second, &QTimer::timeout, this, [this] {
        m_rate = m_arrivedThisSecond;
        m_arrivedThisSecond = 0;
        updateCounts();
    });
    second->start(1000);

    restoreSettings();
    refreshCaptureState();
    updateCounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolBar()
{
    QToolBar* bar = addToolBar(tr("Capture"));
    bar->setObjectName(QStringLiteral("captureToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr("Endpoint:"), bar));
    m_endpoint = new QLineEdit(bar);
    m_endpoint->setObjectName(QStringLiteral("endpointLineEdit"));
    m_endpoint->setReadOnly(true);
    m_endpoint->setMinimumWidth(
        m_endpoint->fontMetrics().horizontalAdvance(QStringLiteral("http://127.0.0.1:65535/ ")));
    bar->addWidget(m_endpoint);
    QAction* copy = bar->addAction(tr("Copy"));
    copy->setObjectName(QStringLiteral("copyEndpointAction"));
    copy->setToolTip(tr("Copy the endpoint URL"));
    connect(copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(m_endpoint->text()); });
    m_captureAction = bar->addAction(tr("Capturing"));
    m_captureAction->setObjectName(QStringLiteral("captureAction"));
    m_captureAction->setCheckable(true);
    connect(m_captureAction, &QAction::toggled, this, [this](bool on) {
        if (on && !m_server->isRunning()) {
            startCapture();
        } else if (!on && m_server->isRunning()) {
            m_server->stop();
            updateEndpoint();
        }
    });
    m_followAction = bar->addAction(tr("Follow newest"));
    m_followAction->setObjectName(QStringLiteral("followAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    bar->addSeparator();
    m_counts = new QLabel(bar);
    m_counts->setObjectName(QStringLiteral("countsLabel"));
    m_counts->setTextFormat(Qt::PlainText);
    bar->addWidget(m_counts);
    bar->addWidget(new RefusalView(m_server, bar));
    buildSettings(bar);
}

void MainWindow::buildBanner()
{
    m_banner = new QWidget(this);
    m_banner->setObjectName(QStringLiteral("captureBanner"));
    auto* layout = new QHBoxLayout(m_banner);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("bannerLabel"));
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setWordWrap(true);
    m_bannerButton = new QPushButton(tr("Use a free port"), m_banner);
    m_bannerButton->setObjectName(QStringLiteral("freePortButton"));
    layout->addWidget(m_bannerText, 1);
    layout->addWidget(m_bannerButton);
    connect(m_bannerButton, &QPushButton::clicked, this, &MainWindow::useFreePort);
    m_banner->hide();
}

bool MainWindow::startCapture()
{
    m_server->start(m_dbPath);
    refreshCaptureState();
    return m_server->isRunning();
}

void MainWindow::refreshCaptureState()
{
    const bool running = m_server->isRunning();
    if (running || m_server->errorString().isEmpty()) {
        m_banner->hide();
    } else {
        m_bannerText->setText(tr("Not capturing: %1").arg(m_server->errorString()));
        m_banner->show();
    }
    const QSignalBlocker block(m_captureAction);
    m_captureAction->setChecked(running);
    updateEndpoint();
}

void MainWindow::useFreePort()
{
    ServerConfig config = m_server->config();
    config.port = 0;
    m_server->setConfig(config);
    startCapture();
}

void MainWindow::updateEndpoint()
{
    m_endpoint->setText(m_server->isRunning() ? m_server->url() : tr("not capturing"));
}

void MainWindow::updateCounts()
{
    // While a filter's rows are listed (seconds for a text search on a large history), say so.
    const QString counts = m_model->isListing() ? tr("%1 events · searching… %2 shown so far · %3 duplicates · %4/s")
                                                : tr("%1 events · %2 shown · %3 duplicates · %4/s");
    m_counts->setText(
        counts.arg(m_model->totalCount()).arg(m_model->rowCount()).arg(m_model->duplicateCount()).arg(m_rate));
}

void MainWindow::countArrivals(const QList<qint64>& ids)
{
    m_arrivedThisSecond += ids.size();
    m_arrived.append(ids);
    if (!m_arrivals->isActive()) {
        m_arrivals->start();
    }
}

void MainWindow::showArrivals()
{
    const QList<qint64> ids = std::exchange(m_arrived, {});
    m_model->eventsStored(ids);
    m_timelineController->eventsStored(ids);
    m_channelCounter->eventsStored();
}

void MainWindow::noteTopRow(const QModelIndex& parent, int first)
{
    m_anchorRow = -1;
    // Only arrivals, inserted at the top, move the rows below them; a listing appends its rows.
    if (parent.isValid() || first != 0 || m_followAction->isChecked()) {
        return;
    }
    m_anchorRow = m_table->rowAt(0);
    m_anchorOffset = m_anchorRow < 0 ? 0 : m_table->rowViewportPosition(m_anchorRow);
}

void MainWindow::followArrivals(const QModelIndex& parent, int first, int last)
{
    if (parent.isValid() || first != 0) {
        return;
    }
    // Following: the newest row comes into view; the selection stays on the event the user chose.
    if (m_followAction->isChecked()) {
        m_table->scrollToTop();
        return;
    }
    // Not following: the rows the user looks at stay in place. The view would keep its scroll
    // value and so show other rows: scroll past the new ones instead, once its range has grown.
    if (m_anchorRow < 0) {
        return;
    }
    const int row = m_anchorRow + (last - first + 1);
    m_anchorRow = -1;
    m_table->doItemsLayout();
    QScrollBar* bar = m_table->verticalScrollBar();
    if (m_table->verticalScrollMode() == QAbstractItemView::ScrollPerItem) {
        bar->setValue(row);
    } else {
        bar->setValue(m_table->verticalHeader()->sectionPosition(row) - m_anchorOffset);
    }
}

void MainWindow::applyFilter()
{
    const EventFilter filter = m_filterBar->filter();
    // The strip draws the bar's range at once (its recount, below, does not depend on it). It draws
    // ranges with two ends only: an open end ("last hour") reaches its right edge, where it clamps.
    EventFilter strip = filter;
    if (strip.since != 0 && strip.until == 0) {
        strip.until = std::numeric_limits<qint64>::max();
    }
    m_timeline->setSelection(strip.since, strip.until);
    m_model->setFilter(filter);
    // The strip recounts the whole history (~0.7 s of a core on a million events, on its worker):
    // let the table's listing have the cores first, and recount once the user has stopped.
    m_pendingTimelineFilter = strip;
    m_timelineDelay->start();
}

void MainWindow::showSelected()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        // An event shown without its row (a jump the filter hid) stays while its row is awaited.
        if (m_pendingJump == 0) {
            m_detail->clear();
        }
        return;
    }
    const qint64 id = m_model->eventId(current.row());
    if (id != m_pendingJump) {
        m_pendingJump = 0; // the user chose another row
    }
    m_detail->setEvent(m_model->event(id));
}

void MainWindow::selectRow(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void MainWindow::jumpTo(qint64 id)
{
    m_pendingJump = 0;
    const int row = m_model->rowOf(id);
    if (row >= 0) {
        selectRow(row); // a binary search and one row: instant on a million rows
        return;
    }
    const StoredEvent event = m_model->event(id);
    if (event.id == 0) {
        statusBar()->showMessage(tr("Event #%1 is no longer in the history.").arg(id), 5000);
        return;
    }
    // The filter hides it. Clearing the filter would throw away what the user set up (often
    // "duplicates only", which hides every first copy): show the event without a row instead, with
    // no row selected, so that the table's actions can't act on another event than the one shown.
    m_table->selectionModel()->clear();
    m_detail->setEvent(event);
    if (m_model->isListing()) {
        m_pendingJump = id; // its row may still be listed
    } else {
        m_detail->setFilteredOut(true);
    }
}

void MainWindow::showEveryEvent()
{
    m_pendingJump = m_detail->eventId();
    m_filterBar->clear();
    selectPendingJump();
}

void MainWindow::selectPendingJump()
{
    if (m_pendingJump == 0) {
        return;
    }
    const qint64 id = m_pendingJump;
    const int row = m_model->rowOf(id);
    if (row >= 0) {
        selectRow(row);
        m_pendingJump = 0;
    } else if (!m_model->isListing()) {
        m_pendingJump = 0; // listed, and not there
        if (m_detail->eventId() == id) {
            m_detail->setFilteredOut(true);
        }
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        resize(1200, 800);
    }
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/columns")).toByteArray())) {
        // First launch: room for a whole timestamp, event name and key.
        const QFontMetrics metrics = m_table->fontMetrics();
        const auto widthOf
            = [&metrics](const char* sample) { return metrics.horizontalAdvance(QString::fromLatin1(sample)) + 16; };
        m_table->setColumnWidth(EventTableModel::Time, widthOf("2026-11-29 01:53:00.000"));
        m_table->setColumnWidth(EventTableModel::Method, widthOf("DELETE"));
        m_table->setColumnWidth(EventTableModel::Path, widthOf("/webhooks/provider"));
        m_table->setColumnWidth(EventTableModel::Event, widthOf("invoice_online_payments.created"));
        m_table->setColumnWidth(EventTableModel::Environment, widthOf("production") + 16); // shown in bold
        m_table->setColumnWidth(EventTableModel::Key, widthOf("26053e97-f78a-4d25-a519-4eed22ba5c41"));
        m_table->setColumnWidth(EventTableModel::Size, widthOf("1023.9 KB"));
        m_table->setColumnWidth(EventTableModel::Status, widthOf("Status"));
    }
    const QByteArray filter = settings.value(QStringLiteral("window/filter")).toByteArray();
    if (!filter.isEmpty()) {
        m_filterBar->setFilter(filterFromJson(QJsonDocument::fromJson(filter).object()));
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/columns"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("window/filter"),
        QJsonDocument(filterToJson(m_filterBar->filter())).toJson(QJsonDocument::Compact));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildSettings(QToolBar* bar)
{
    bar->addSeparator();
    m_settingsAction = bar->addAction(tr("Settings…"));
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setToolTip(tr("Endpoint, history file and retention (Ctrl+,)"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    m_retention = new Retention(this);
    connect(m_retention, &Retention::eventsRemoved, this, &MainWindow::showRetention);
    connect(m_retention, &Retention::failed, this,
        [this](const QString& error) { statusBar()->showMessage(tr("Retention stopped: %1").arg(error)); });
}

AppSettings MainWindow::settings() const
{
    AppSettings current;
    current.bindAddress = m_server->config().address;
    current.port = m_server->config().port;
    current.maxBodyBytes = m_server->config().limits.maxBodyBytes;
    current.tlsCertificatePath = m_server->config().tlsCertificatePath;
    current.tlsKeyPath = m_server->config().tlsKeyPath;
    current.databasePath = m_dbPath;
    current.retention = m_retention->policy();
    return current;
}

void MainWindow::applySettings(const AppSettings& chosen)
{
    const AppSettings before = settings();
    const bool newHistory = chosen.databasePath != before.databasePath;
    const bool newEndpoint = chosen.bindAddress != before.bindAddress || chosen.port != before.port
        || chosen.maxBodyBytes != before.maxBodyBytes || chosen.tlsCertificatePath != before.tlsCertificatePath
        || chosen.tlsKeyPath != before.tlsKeyPath;
    // A stopped capture stays stopped; one that failed (port in use) tries the new endpoint.
    const bool restart = (newHistory || newEndpoint) && (m_server->isRunning() || !m_server->errorString().isEmpty());
    m_server->setConfig(chosen.serverConfig(m_server->config()));
    if (newHistory) {
        m_dbPath = chosen.databasePath;
    }
    if (restart) {
        startCapture();
    }
    if (newHistory) {
        switchHistory(chosen.databasePath);
    }
    if (newHistory || chosen.retention != before.retention) {
        m_retention->setPolicy(m_dbPath, chosen.retention);
    }
}

void MainWindow::switchHistory(const QString& path)
{
    // The capture has created the file by now; when it is off, the dialog did (SettingsDialog::problem).
    if (!m_model->open(path)) {
        statusBar()->showMessage(tr("Cannot show the history %1: %2").arg(path, m_model->errorString()));
    }
    m_timelineController->open(path);
    m_channelCounter->open(path);
    m_detail->setHistoryPath(path);
    m_deliveryTools->setHistoryPath(path);
    m_provider->setHistoryPath(path);
    m_detail->clear();
}

void MainWindow::openSettings()
{
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const AppSettings shown = settings();
    dialog->setSettings(shown);
    dialog->setCommandLineOptions(m_commandLineOptions);
    connect(dialog, &QDialog::accepted, this, [this, dialog, shown] {
        const AppSettings chosen = dialog->settings();
        // Saved: what the user changed here; a value from the command line only when changed.
        AppSettings::load().withChanges(shown, chosen).save();
        applySettings(chosen);
    });
    dialog->open();
}

void MainWindow::showRetention()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const qint64 currentId = current.isValid() ? m_model->eventId(current.row()) : 0;
    m_model->reload();
    const int row = currentId != 0 ? m_model->rowOf(currentId) : -1;
    if (row >= 0) {
        m_table->selectionModel()->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_timelineController->refresh();
    m_channelCounter->refresh();
}
