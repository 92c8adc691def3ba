import { Hono } from "hono";
import { listFeedOverviews } from "../../db/feed-overview";
import type { Feed } from "../../domain/feed";
import { FeedInput, FeedPatch } from "../../domain/feed-input";
import { toFeedView } from "../../domain/feed-view";
import { roleAllows } from "../../domain/tokens";
import { authorizeFeed, requireRole } from "../../http/auth";
import { commitIdempotently, commitWrite } from "../../http/idempotency";
import { publicOrigin } from "../../http/origin";
import { parseOrThrow } from "../../http/validate";
import { prepareCreateFeed, prepareUpdateFeed } from "../../services/feed-writes";
import { type ConsoleContext, type ConsoleHono, csrfToken, pageState, postedForm } from "../console-env";
import {
  FEED_SETTINGS,
  type FeedSetting,
  feedBodyFromValues,
  type SettingValues,
  SLUG_SETTING,
  settingValuesFromFeed,
  settingValuesFromForm,
} from "../forms/feed-form";
import { type FormErrors, formErrorsFrom, isFormProblem, NO_ERRORS } from "../forms/form-errors";
import { formIdempotencyKey, newFormIdempotencyKey } from "../forms/idempotency-key";
import { noticeText } from "../notices";
import { FeedFormPage } from "../pages/feed-form-page";
import { FeedsPage } from "../pages/feeds-page";
import { consolePaths, withNotice } from "../paths";

/** Article counts on the feeds page stop here ("10 000+"): the page costs the same however large a feed grows. */
export const FEED_COUNT_CAP = 10_000;

const NEW_FEED_SETTINGS: readonly FeedSetting[] = [SLUG_SETTING, ...FEED_SETTINGS];

/** The feeds a token may see, and (admin) creating feeds and changing their settings. */
export const feedRoutes = new Hono<ConsoleHono>();

feedRoutes.get("/feeds", async (c) => {
  const grant = c.get("grant");
  const feeds = await listFeedOverviews(
    c.env.DB,
    grant.allFeeds ? null : grant.tokenRowId,
    Date.now(),
    FEED_COUNT_CAP,
  );
  const admin = roleAllows(grant.role, "admin");
  return c.html(
    <FeedsPage
      state={pageState(c)}
      feeds={feeds}
      countCap={FEED_COUNT_CAP}
      canCreate={admin}
      canConfigure={admin}
      notice={noticeText(c.req.query("notice"))}
    />,
  );
});

function newFeedForm(c: ConsoleContext, values: SettingValues, errors: FormErrors, idempotencyKey: string) {
  return c.html(
    <FeedFormPage
      state={pageState(c)}
      heading="New feed"
      action={consolePaths.feeds}
      submitLabel="Create the feed"
      settings={NEW_FEED_SETTINGS}
      values={values}
      errors={errors}
      csrfToken={csrfToken(c)}
      idempotencyKey={idempotencyKey}
    />,
    errors.status,
  );
}

feedRoutes.get("/feeds/new", (c) => {
  requireRole(c.get("grant"), "admin");
  const blank = Object.fromEntries(
    NEW_FEED_SETTINGS.map((s) => [s.name, s.name === "content" ? "full" : ""]),
  );
  return newFeedForm(c, blank, NO_ERRORS, newFormIdempotencyKey());
});

feedRoutes.post("/feeds", async (c) => {
  const grant = c.get("grant");
  requireRole(grant, "admin");
  const form = postedForm(c);
  const values = settingValuesFromForm(form, NEW_FEED_SETTINGS);
  const key = formIdempotencyKey(form);
  const body = feedBodyFromValues(values, NEW_FEED_SETTINGS);
  try {
    const input = parseOrThrow(FeedInput, body);
    const request = {
      tokenRowId: grant.tokenRowId,
      key,
      method: "POST",
      path: "/v1/feeds",
      body: JSON.stringify(body),
    };
    await commitIdempotently(c.env.DB, request, () =>
      prepareCreateFeed(c.env.DB, grant, input, Date.now(), publicOrigin(c)),
    );
    return c.redirect(withNotice(consolePaths.articles(input.slug), "feed-created"), 303);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return newFeedForm(
      c,
      values,
      formErrorsFrom(
        error,
        NEW_FEED_SETTINGS.map((s) => s.name),
      ),
      key ?? newFormIdempotencyKey(),
    );
  }
});

function settingsForm(c: ConsoleContext, feed: Feed, values: SettingValues, errors: FormErrors) {
  return c.html(
    <FeedFormPage
      state={pageState(c)}
      heading={`Settings of ${feed.title}`}
      action={consolePaths.feedSettings(feed.slug)}
      submitLabel="Save the settings"
      settings={FEED_SETTINGS}
      values={values}
      errors={errors}
      csrfToken={csrfToken(c)}
      notice={noticeText(c.req.query("notice"))}
      feed={feed}
    />,
    errors.status,
  );
}

feedRoutes.get("/feeds/:feed/settings", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed"), "admin");
  const values = settingValuesFromFeed(toFeedView(feed, publicOrigin(c)), FEED_SETTINGS);
  return settingsForm(c, feed, values, NO_ERRORS);
});

feedRoutes.post("/feeds/:feed/settings", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed"), "admin");
  const values = settingValuesFromForm(postedForm(c), FEED_SETTINGS);
  const body = feedBodyFromValues(values, FEED_SETTINGS);
  try {
    const patch = parseOrThrow(FeedPatch, body);
    // The form never shows podcast settings, so the body leaves them out and they stay as they are.
    await commitWrite(
      c.env.DB,
      prepareUpdateFeed(c.env.DB, feed, patch, body, null, Date.now(), publicOrigin(c)),
    );
    return c.redirect(withNotice(consolePaths.feedSettings(feed.slug), "feed-saved"), 303);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return settingsForm(
      c,
      feed,
      values,
      formErrorsFrom(
        error,
        FEED_SETTINGS.map((s) => s.name),
      ),
    );
  }
});
