#pragma once

#include "AppSettings.h"
#include "EventFilter.h"

#include <QMainWindow>

class CaptureServer;
class ChannelCounter;
class DeliveryTools;
class DetailPane;
class EventActions;
class EventTableModel;
class FilterBar;
class QAction;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QSplitter;
class QTableView;
class Retention;
class ProviderTools;
class QTimer;
class QToolBar;
class TimelineController;
class TimelineWidget;

/**
 * @brief The inspector: endpoint and counts in the toolbar, the filter bar, the live table and
 * the selected event's details.
 *
 * It is handed the capture server and the table model; the application's start-up wires them.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(CaptureServer* server, EventTableModel* model, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts capturing (again); shows why in the window when it can't, with a way out.
    bool startCapture();
    /// Shows whether the server captures, and why not when it failed to start.
    void refreshCaptureState();
    QTableView* table() const { return m_table; }
    FilterBar* filterBar() const { return m_filterBar; }
    DetailPane* detailPane() const { return m_detail; }
    /// The table's context menu and shortcuts (copy, delete, clear).
    EventActions* eventActions() const { return m_actions; }
    /// Resend, forward, the delivery logs, export and import.
    DeliveryTools* deliveryTools() const { return m_deliveryTools; }

    // Settings (the Settings dialog, Ctrl+,).

    /// The settings in use: the server's endpoint and body limit, the history shown, retention.
    AppSettings settings() const;
    /// Applies what differs from settings(): a new endpoint or body limit restarts the capture (when
    /// it was on, or failed to start), a new history file replaces the one shown and captured into,
    /// a new retention policy runs at once and then every minute. Saves nothing.
    void applySettings(const AppSettings& settings);
    /// The command-line options that set some settings for this run, mentioned in the dialog.
    void setCommandLineOptions(const QStringList& options) { m_commandLineOptions = options; }
    QAction* settingsAction() const { return m_settingsAction; }
    Retention* retention() const { return m_retention; }
    /// The catalog view, the capture's checks and the Provider menu.
    ProviderTools* providerTools() const { return m_provider; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolBar();
    void buildBanner();
    void buildSettings(QToolBar* bar);
    void openSettings();
    void switchHistory(const QString& path);
    /// Retention deleted events: the views re-read the history, the current event stays current.
    void showRetention();
    void updateEndpoint();
    void updateCounts();
    void showSelected();
    /// Selects event @p id's row (another copy, another step of its resource); when the filter
    /// hides it, shows it anyway without a row, and says so.
    void jumpTo(qint64 id);
    /// Clears the filter, then selects the event shown once its row is listed.
    void showEveryEvent();
    void selectPendingJump();
    void selectRow(int row);
    void countArrivals(const QList<qint64>& ids);
    /// Before rows are inserted: notes the top row in view, to keep it there when not following.
    void noteTopRow(const QModelIndex& parent, int first);
    /// After: scrolls to the newest row when following, else back to the rows the user was seeing.
    void followArrivals(const QModelIndex& parent, int first, int last);
    void showArrivals();
    void applyFilter();
    void useFreePort();
    void restoreSettings();
    void saveSettings() const;

    CaptureServer* m_server;
    EventTableModel* m_model;
    FilterBar* m_filterBar;
    QTableView* m_table;
    DetailPane* m_detail;
    QSplitter* m_splitter;
    EventActions* m_actions;
    TimelineWidget* m_timeline = nullptr;
    TimelineController* m_timelineController = nullptr;
    ChannelCounter* m_channelCounter = nullptr; ///< the filter bar's events per channel
    QTimer* m_arrivals = nullptr; ///< coalesces eventsStored batches for the views
    QTimer* m_timelineDelay = nullptr;
    EventFilter m_pendingTimelineFilter;
    QList<qint64> m_arrived;
    QLineEdit* m_endpoint = nullptr;
    QAction* m_captureAction = nullptr;
    QAction* m_followAction = nullptr;
    QLabel* m_counts = nullptr;
    QWidget* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_bannerButton = nullptr;
    QString m_dbPath; ///< the history shown and captured into (the server's until settings change it)
    QAction* m_settingsAction = nullptr;
    Retention* m_retention = nullptr;
    ProviderTools* m_provider = nullptr;
    DeliveryTools* m_deliveryTools = nullptr;
    QStringList m_commandLineOptions;
    int m_anchorRow = -1; ///< the top row in view before an insertion at the top (-1: none)
    int m_anchorOffset = 0; ///< its y in the viewport (0 or less)
    qint64 m_pendingJump = 0; ///< an event to select as soon as its row is listed
    qint64 m_arrivedThisSecond = 0;
    qint64 m_rate = 0;
};
