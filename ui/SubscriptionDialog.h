#pragma once

#include "SubscriptionProfile.h"

#include <QDialog>
#include <QHash>

class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QListWidgetItem;

/**
 * @brief The subscription profile editor: per environment, whether its events are checked and
 * against which channels. It enforces the provider's rule as the user picks: choosing ledgers
 * takes every other channel off (and choosing another takes ledgers off), and says why in the
 * provider's own words. A profile that breaks the rule can't be saved.
 */
class SubscriptionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SubscriptionDialog(QWidget* parent = nullptr);

    void setProfile(const SubscriptionProfile& profile);
    /// What the form holds.
    SubscriptionProfile profile() const;
    /// The channels each environment delivered so far, for "Take them from what has been seen".
    void setSeen(const QHash<QString, QStringList>& seen) { m_seen = seen; }
    /// Ticks or unticks @p channel for @p environment, as a click does (the rule applies).
    void setChannelChecked(const QString& environment, const QString& channel, bool checked);
    /// Declares for @p environment the channels it delivered so far (the rule applies).
    void takeSeen(const QString& environment);
    /// The line under the lists: why channels went, or why the profile can't be saved.
    QString explanation() const;

    /// Closes the dialog only when the profile keeps the provider's rule.
    void accept() override;

private:
    struct Page
    {
        QGroupBox* box = nullptr;
        QListWidget* list = nullptr;
    };
    QWidget* buildPage(const QString& environment);
    void itemChanged(const QString& environment, QListWidgetItem* item);
    void showProblem();

    QHash<QString, Page> m_pages;
    QHash<QString, QStringList> m_seen;
    QLabel* m_explanation;
    QDialogButtonBox* m_buttons;
    bool m_updating = false;
};
