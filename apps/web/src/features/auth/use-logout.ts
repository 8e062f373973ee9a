import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/api';

/** Ends the session on the server, forgets every cached answer and goes to /login. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<null>('/api/logout/'),
    onSuccess: () => {
      navigate('/login', { replace: true });
      queryClient.clear();
    },
  });
}
