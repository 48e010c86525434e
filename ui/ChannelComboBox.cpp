#include "ChannelComboBox.h"

#include "Catalog.h"

#include <QAbstractItemView>
#include <QLocale>
#include <QSignalBlocker>

#include <algorithm>

ChannelComboBox::ChannelComboBox(QWidget* parent)
    : QComboBox(parent)
{
    // Room for "invoice_online_payments (1,000,000)" without resizing as the counts change.
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(24);
    showEntries(entries(QVariant()), QVariant());
}

QStringList ChannelComboBox::selected() const
{
    const QVariant value = currentData();
    return value.isValid() ? QStringList {value.toString()} : QStringList();
}

void ChannelComboBox::select(const QStringList& channels)
{
    if (channels.size() != 1) {
        setCurrentIndex(0);
        return;
    }
    const QVariant wanted(channels.constFirst());
    if (findData(wanted) < 0) {
        const QSignalBlocker block(this);
        showEntries(entries(wanted), currentData());
    }
    setCurrentIndex(findData(wanted));
}

void ChannelComboBox::setCounts(const QHash<QString, qint64>& counts)
{
    m_counts = counts;
    m_counted = true;
    const QSignalBlocker block(this);
    showEntries(entries(currentData()), currentData());
}

QList<ChannelComboBox::Entry> ChannelComboBox::entries(const QVariant& current) const
{
    qint64 total = 0;
    for (const qint64 n : m_counts) {
        total += n;
    }
    QList<Entry> out;
    out.append({QVariant(), m_counted ? tr("All channels (%1)").arg(QLocale().toString(total)) : tr("All channels"),
        tr("Events of every channel, and requests that are not provider events")});
    const Catalog& catalog = Catalog::builtIn();
    for (const Catalog::Channel& channel : catalog.channels()) {
        out.append({channel.channel, withCount(channel.channel, channel.channel), channel.name});
    }
    // Unknown channels: a provider newer than the catalog, or a typo in a hand-made event.
    QStringList unknown;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        if (!it.key().isEmpty() && !catalog.hasChannel(it.key())) {
            unknown.append(it.key());
        }
    }
    const QString chosen = current.isValid() ? current.toString() : QString();
    if (!chosen.isEmpty() && !catalog.hasChannel(chosen) && !unknown.contains(chosen)) {
        unknown.append(chosen);
    }
    std::sort(unknown.begin(), unknown.end());
    for (const QString& channel : std::as_const(unknown)) {
        const QString text = withCount(channel, channel);
        out.append({channel, m_counted ? tr("%1 \u2014 not in catalog").arg(text) : text,
            tr("Seen in the history, but not a channel of the catalog")});
    }
    // Until the counts are in, "(no channel)" stays listed: a restored filter may have chosen it.
    if (!m_counted || m_counts.value(QString()) > 0 || (current.isValid() && chosen.isEmpty())) {
        out.append({QString(), withCount(tr("(no channel)"), QString()),
            tr("Requests that are not provider events, or whose event names no channel")});
    }
    return out;
}

QString ChannelComboBox::withCount(const QString& text, const QString& channel) const
{
    return m_counted ? tr("%1 (%2)").arg(text, QLocale().toString(m_counts.value(channel))) : text;
}

void ChannelComboBox::showEntries(const QList<Entry>& entries, const QVariant& current)
{
    bool sameItems = entries.size() == count();
    for (qsizetype i = 0; sameItems && i < entries.size(); ++i) {
        const QVariant data = itemData(static_cast<int>(i));
        sameItems = data.isValid() == entries.at(i).channel.isValid() && data == entries.at(i).channel;
    }
    if (sameItems) {
        // Relabel in place: an open popup stays as it is, the selection untouched.
        for (qsizetype i = 0; i < entries.size(); ++i) {
            setItemText(static_cast<int>(i), entries.at(i).text);
            setItemData(static_cast<int>(i), entries.at(i).toolTip, Qt::ToolTipRole);
        }
    } else {
        clear();
        for (const Entry& entry : entries) {
            addItem(entry.text, entry.channel);
            setItemData(count() - 1, entry.toolTip, Qt::ToolTipRole);
        }
        setCurrentIndex(current.isValid() ? std::max(0, findData(current)) : 0);
    }
    view()->setMinimumWidth(view()->sizeHintForColumn(0) + 24);
}
