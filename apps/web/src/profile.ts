import type { AdvocateProfile, PutProfileBody } from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { put } from './api';

export const PROFILE_PATH = '/api/v1/me/profile';

/**
 * The body of `PUT /api/v1/me/profile` from the profile as it is, with `changes` applied: only what
 * a person chooses themselves (role, topics, language). Team, followers and the rest are the
 * directory's and are refused in this body; the name is left to the service.
 */
export function profileBody(
  current: AdvocateProfile | undefined,
  changes: Partial<Pick<PutProfileBody, 'role' | 'topics' | 'language'>>,
): PutProfileBody {
  return {
    language: current?.language ?? 'en',
    topics: current?.topics ?? [],
    role: current?.role ?? null,
    ...changes,
  };
}

/** The caller's profile, and a save of their own choices that updates every reader of it. */
export function useProfile() {
  const client = useQueryClient();
  const profile = useQuery<AdvocateProfile>({ queryKey: [PROFILE_PATH] });
  const save = useMutation({
    mutationFn: (changes: Parameters<typeof profileBody>[1]) =>
      put<AdvocateProfile>(PROFILE_PATH, profileBody(profile.data, changes)),
    onSuccess: (next) => client.setQueryData([PROFILE_PATH], next),
  });
  return { profile, save };
}
