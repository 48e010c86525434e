#pragma once

#include <QWidget>

struct Delivery;
class DeliveryAnswerView;
class DeliveryListModel;
class HistoryWorker;
class QLabel;
class QSplitter;
class QTableView;

/// The Deliveries tab of the selected event: every attempt to resend or forward it (time, target,
/// status or error, latency, key sent), newest first, and the selected attempt's answer. The
/// attempts are read in the background; new ones are added as they are recorded.
class DeliveriesView : public QWidget
{
    Q_OBJECT

public:
    explicit DeliveriesView(QWidget* parent = nullptr);

    void setHistoryPath(const QString& path);
    /// Shows the attempts for event @p id (read in the background).
    void setEvent(qint64 id);
    void clear();
    qint64 eventId() const { return m_eventId; }
    /// An attempt was just recorded: listed (and selected) when it is the shown event's.
    void deliveryRecorded(const Delivery& delivery);
    int count() const;

signals:
    /// The number of attempts listed changed (for the tab's title).
    void countChanged(int count);

private:
    void load();
    void showList(const QList<Delivery>& deliveries);
    void showCurrent();
    void showMessage(const QString& message);

    QString m_path;
    qint64 m_eventId = 0;
    quint64 m_generation = 0; ///< of the newest read: older answers are dropped
    HistoryWorker* m_worker;
    QLabel* m_message;
    QSplitter* m_splitter;
    QTableView* m_table;
    DeliveryListModel* m_model;
    DeliveryAnswerView* m_answer;
};
