#pragma once

#include <QComboBox>
#include <QHash>
#include <QStringList>

/**
 * @brief The filter bar's channel choice: all channels, each channel of the catalog, the unknown
 * channels seen in the history, and "(no channel)", each with its number of events once known.
 *
 * Its item data is the channel ("" for no channel), and an invalid QVariant for "all channels".
 * New counts relabel the entries without touching the selection: a chosen channel stays listed
 * even when its events are gone.
 */
class ChannelComboBox : public QComboBox
{
    Q_OBJECT

public:
    explicit ChannelComboBox(QWidget* parent = nullptr);

    /// The chosen channel as a filter's channels: empty for all channels, {""} for no channel.
    QStringList selected() const;
    /// Chooses @p channels when it is a single channel (listing it if it is unknown), else all.
    void select(const QStringList& channels);
    /// Shows @p counts ("" = events without a channel) beside the channels; emits nothing.
    void setCounts(const QHash<QString, qint64>& counts);
    bool hasCounts() const { return m_counted; }

private:
    struct Entry
    {
        QVariant channel;
        QString text;
        QString toolTip;
    };
    /// Every entry to show, @p current included however few events it has.
    QList<Entry> entries(const QVariant& current) const;
    QString withCount(const QString& text, const QString& channel) const;
    void showEntries(const QList<Entry>& entries, const QVariant& current);

    QHash<QString, qint64> m_counts;
    bool m_counted = false;
};
