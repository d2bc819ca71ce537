import { ContentItem, ContentSnapshot } from '@advocacy/contracts';
import { Content } from './content.repository';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The API's view of an item. */
export function toContentItem(content: Content): ContentItem {
  return {
    contentId: content.contentId,
    status: content.status,
    title: content.title,
    url: content.url,
    summary: content.summary,
    imageUrl: content.imageUrl,
    language: content.language,
    topics: content.topics,
    campaignId: content.campaignId,
    campaignPriority: content.campaignPriority,
    shareableFrom: iso(content.shareableFrom),
    shareableUntil: iso(content.shareableUntil),
    captions: content.captions,
    submittedBy: content.submittedBy,
    createdBy: content.createdBy,
    reviewComment: content.reviewComment,
    publishedAt: iso(content.publishedAt),
    createdAt: content.createdAt.toISOString(),
    updatedAt: content.updatedAt.toISOString(),
  };
}

/** What `content.published` and `content.updated` carry. */
export function contentSnapshot(content: Content): ContentSnapshot {
  return {
    contentId: content.contentId,
    url: content.url,
    title: content.title,
    ...(content.summary ? { summary: content.summary } : {}),
    language: content.language,
    topics: content.topics,
    campaignId: content.campaignId,
    campaignPriority: content.campaignPriority,
    shareableFrom: iso(content.shareableFrom),
    shareableUntil: iso(content.shareableUntil),
    submittedBy: content.submittedBy,
    publishedAt: (content.publishedAt ?? content.updatedAt).toISOString(),
  };
}
